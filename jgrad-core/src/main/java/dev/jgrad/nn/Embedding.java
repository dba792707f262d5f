package dev.jgrad.nn;

import dev.jgrad.nn.functional.Affine;
import dev.jgrad.nn.init.Init;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, initialised
 * N(0, 1) like {@code nn.Embedding}; input is int64 indices of any shape.
 *
 * <pre>{@code
 * var emb = new Embedding(1000, 32);
 * Tensor v = emb.call(tokens);   // [8, 20] -> [8, 20, 32]
 * }</pre>
 */
public class Embedding extends Module {
    public final int numEmbeddings, embeddingDim;
    public final Parameter weight;   // (num, dim)

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Generator.global());
    }

    public Embedding(int numEmbeddings, int embeddingDim, Generator gen) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got " + numEmbeddings + " and "
                    + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        weight = new Parameter(Init.normal_(Tensors.zeros(numEmbeddings, embeddingDim), 0, 1, gen));
    }

    @Override
    public Tensor forward(Tensor indices) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("Embedding(" + numEmbeddings + ", " + embeddingDim + "): expected int64 indices, got "
                    + indices.describe() + " " + Shape.str(indices.shape()));
        }
        return Affine.embedding(indices, weight.data());
    }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }
}
