/**
 * The OP-TEE remoteproc signed-image format (optee_os scripts/sign_rproc_fw.py and
 * ta/remoteproc/src/remoteproc_core.c): a 20-byte header, a TLV area, a signature and the images, each
 * part padded to 8 bytes. This package parses and writes the format for tools; the trusted application
 * in {@code org.mp15sim.tee.rproc} applies the upstream checks in upstream order on the raw bytes.
 */
package org.mp15sim.tee.image;
