/**
 * The OP-TEE core as the remoteproc stack sees it: TA registry and instances (single instance, multi
 * session, keep alive), sessions opened by the normal world or by a TA (with the caller identity a
 * pseudo TA checks), GlobalPlatform parameters and TEE_ERROR_* codes by their real values, the TA heap,
 * and the simulated time every step costs ({@link org.mp15sim.tee.core.TeeConfig}).
 */
package org.mp15sim.tee.core;
