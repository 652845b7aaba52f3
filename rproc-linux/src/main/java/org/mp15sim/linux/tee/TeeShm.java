package org.mp15sim.linux.tee;

/** {@code struct tee_shm}: kernel memory registered with the TEE ({@code tee_shm_register_kernel_buf}). */
public interface TeeShm {
    /** The registered bytes (not a copy: the secure world reads what the kernel put there). */
    byte[] buffer();

    /** {@code tee_shm_free}. */
    void free();
}
