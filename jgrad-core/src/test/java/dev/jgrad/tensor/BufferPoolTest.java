package dev.jgrad.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool's own rules, below the engine: which arrays it issues, takes back and hands out again. */
class BufferPoolTest {
    private static final int SIZE = BufferPool.MIN_FLOATS + 3;

    private static float[] array(Tensor t) {
        return ((Storage.F32) t.storage()).data;
    }

    private static Tensor allocate(int size) {
        return Tensor.of(Storage.allocateForOverwrite(DType.FLOAT32, size), size);
    }

    @Test
    void aReleasedArrayIsReusedForTheSameLengthOnlyAndZeroedOnRequest() {
        float[] first;
        try (BufferPool.Scope scope = BufferPool.open()) {
            Tensor t = allocate(SIZE);
            first = array(t);
            first[5] = 42f;
            scope.release(t);
            assertThat(array(allocate(SIZE + 1))).isNotSameAs(first);
            Tensor again = allocate(SIZE);
            assertThat(array(again)).isSameAs(first);
            assertThat(array(again)[5]).as("for overwrite: not zeroed").isEqualTo(42f);
            scope.release(again);
            Tensor zeroed = Tensor.of(Storage.allocate(DType.FLOAT32, SIZE), SIZE);
            assertThat(array(zeroed)).isSameAs(first);
            assertThat(array(zeroed)[5]).isZero();
            scope.release(zeroed);
        }
        // The pool outlives its scope: the next pass starts with the array.
        try (BufferPool.Scope scope = BufferPool.open()) {
            assertThat(array(allocate(SIZE))).isSameAs(first);
        }
    }

    @Test
    void pastTheCapArraysOfLengthsNotAskedForSinceTheScopeOpenedMakeRoom() {
        int before = SIZE + 7, now = SIZE + 8; // lengths no other test uses
        long cap = BufferPool.maxFreeFloats;
        BufferPool.maxFreeFloats = 3L * now + BufferPool.freeFloats();
        try {
            try (BufferPool.Scope scope = BufferPool.open()) { // the old working set
                Tensor a = allocate(before), b = allocate(before);
                scope.release(a);
                scope.release(b);
            }
            try (BufferPool.Scope scope = BufferPool.open()) { // a new one, which needs all the room
                Tensor[] set = {allocate(now), allocate(now), allocate(now)};
                for (Tensor t : set) scope.release(t);
                for (int i = 2; i >= 0; i--) assertThat(array(allocate(now))).as("array %d", i).isSameAs(array(set[i]));
            }
        } finally {
            BufferPool.maxFreeFloats = cap;
        }
    }

    @Test
    void freeArraysWithinTheCapAreHeldStronglyAndAStepsSurplusSoftly() {
        int length = SIZE + 9; // a length no other test uses
        long cap = BufferPool.maxFreeFloats;
        BufferPool.maxFreeFloats = 2L * length;
        try {
            try (BufferPool.Step step = BufferPool.openStep()) {
                for (int i = 0; i < 3; i++) allocate(length);
            }
            // The step gave all three back; past the cap, the stale lengths went first, then the third
            // array could only be held softly.
            assertThat(BufferPool.freeFloats()).isEqualTo(3L * length);
            assertThat(BufferPool.pinnedFloats()).isEqualTo(2L * length);
        } finally {
            BufferPool.maxFreeFloats = cap;
        }
    }

    @Test
    void trimLetsGoOfTheFreeArrays() {
        int length = SIZE + 11; // a length no other test uses
        float[] given;
        try (BufferPool.Scope scope = BufferPool.open()) {
            Tensor t = allocate(length);
            given = array(t);
            scope.release(t);
        }
        assertThat(BufferPool.freeFloats()).isGreaterThanOrEqualTo(length);
        BufferPool.trim();
        assertThat(BufferPool.freeFloats()).isZero();
        try (BufferPool.Scope scope = BufferPool.open()) {
            assertThat(array(allocate(length))).as("a new array, not the one given back").isNotSameAs(given);
        }
    }

    @Test
    void zerosAndZeroFillsAreZeroEvenFromARecycledArray() {
        try (BufferPool.Scope scope = BufferPool.open()) {
            for (int i = 0; i < 2; i++) {
                Tensor dirty = allocate(SIZE);
                java.util.Arrays.fill(array(dirty), 7f);
                scope.release(dirty);
                Tensor zero = i == 0 ? Tensors.zeros(SIZE) : Tensors.full(new int[] {SIZE}, 0);
                assertThat(array(zero)).as("recycled").isSameAs(array(dirty));
                assertThat(zero.sum().item()).isZero();
            }
        }
    }

    @Test
    void onlyArraysIssuedInTheScopeAndNotForgottenComeBack() {
        Tensor outside = allocate(SIZE);
        try (BufferPool.Scope scope = BufferPool.open()) {
            long free = BufferPool.freeFloats();
            scope.release(outside);
            Tensor forgotten = allocate(SIZE);
            scope.forget(forgotten);
            scope.release(forgotten);
            Tensor small = allocate(BufferPool.MIN_FLOATS - 1);
            scope.release(small);
            Tensor twice = allocate(SIZE);
            scope.release(twice);
            scope.release(twice);
            assertThat(BufferPool.freeFloats()).as("only `twice`, once").isEqualTo(free + SIZE);
            assertThat(array(allocate(SIZE))).isSameAs(array(twice));
            assertThat(array(allocate(SIZE))).isNotSameAs(array(twice)).isNotSameAs(array(forgotten)).isNotSameAs(array(outside));
        }
    }

    @Test
    void nothingIsPooledOutsideAScopeAndScopesDoNotNest() {
        assertThat(array(allocate(SIZE))).isNotSameAs(array(allocate(SIZE)));
        try (BufferPool.Scope outer = BufferPool.open()) {
            assertThat(outer).isNotNull();
            assertThat(BufferPool.open()).isNull();
        }
        try (BufferPool.Scope again = BufferPool.open()) {
            assertThat(again).as("open again after close").isNotNull();
        }
    }
}
