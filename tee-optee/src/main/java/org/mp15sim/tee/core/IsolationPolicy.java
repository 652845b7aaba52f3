package org.mp15sim.tee.core;

/**
 * What the secure world does to the normal world's access to the remote processor's memories.
 *
 * <ul>
 *   <li>{@link #NONE} (upstream, the default): no firewall is programmed; the driver prints "the
 *       remoteproc memories are not protected by firewall". Integrity holds only at load time (the hash
 *       is checked right after the copy); Linux can still write the memories afterwards.
 *   <li>{@link #ISOLATE} (opt-in model of what ST's downstream describes, not upstream): from the first
 *       segment written by LOAD until RELEASE, non-secure masters other than the remote processor itself
 *       are denied the firmware regions (bus errors visible in the trace). IPC regions (vrings, rpmsg
 *       buffers, IPC shared memory) stay open, and so does the resource table the TA translated with
 *       DA_TO_PA, because Linux must read and update it to run virtio.
 * </ul>
 */
public enum IsolationPolicy {
    NONE,
    ISOLATE
}
