/**
 * The normal-world side of the TEE as Linux kernel drivers use it (drivers/tee: tee_client_open_context,
 * tee_shm_register_kernel_buf, tee_client_open_session, tee_client_invoke_func, tee_client_close_session).
 * Each call is one world switch: it costs {@link org.mp15sim.tee.core.TeeConfig#worldSwitch()} of
 * simulated time on the calling process and shows as a span on the "optee" trace track.
 */
package org.mp15sim.tee.client;
