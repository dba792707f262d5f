package dev.jgrad.backend;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the backend for a device name with {@link ServiceLoader}; the CPU backend is always there. */
public final class Backends {
    private static final Map<String, Backend> BY_DEVICE = new ConcurrentHashMap<>();

    static {
        for (Backend b : ServiceLoader.load(Backend.class)) BY_DEVICE.putIfAbsent(b.device(), b);
        // The CPU backend is part of the core, so it is there even when service files were lost (shaded jars).
        BY_DEVICE.putIfAbsent("cpu", new dev.jgrad.backend.cpu.CpuBackend());
    }

    private Backends() {}

    public static Backend forDevice(String device) {
        Backend b = BY_DEVICE.get(device);
        if (b == null) {
            throw new IllegalArgumentException("no backend for device '" + device + "' (available: " + BY_DEVICE.keySet() + ")");
        }
        return b;
    }

    public static Backend cpu() {
        return forDevice("cpu");
    }
}
