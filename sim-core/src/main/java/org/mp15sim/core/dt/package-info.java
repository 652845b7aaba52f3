/**
 * Device-tree model, DTS parser and DTB reader/writer.
 *
 * <p>{@link org.mp15sim.core.dt.DtsParser} reads device-tree source the way dtc does (labels,
 * {@code &label} overlays, phandle and path references, cell expressions, includes, simple
 * {@code #define} constants) and {@link org.mp15sim.core.dt.Dtb} reads and writes flattened blobs
 * (version 17). Both produce the same immutable {@link org.mp15sim.core.dt.DeviceTree}, whose
 * {@link org.mp15sim.core.dt.Node}s answer typed questions (u32, strings, phandle + args, reg,
 * ranges) and fail with a {@link org.mp15sim.core.dt.DtException} that names the node path and the
 * property. Nothing here knows about a particular SoC.
 */
package org.mp15sim.core.dt;
