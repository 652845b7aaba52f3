/**
 * drivers/remoteproc/remoteproc_tee.c (v22 5/7) as {@link org.mp15sim.linux.tee.RemoteprocTee}, and the in-kernel
 * TEE client API it uses ({@link org.mp15sim.linux.tee.TeeContext}, {@link org.mp15sim.linux.tee.TeeParam},
 * {@link org.mp15sim.linux.tee.TeeShm}), implemented over the tee-optee client by
 * {@link org.mp15sim.linux.tee.OpteeClientContext}.
 */
package org.mp15sim.linux.tee;
