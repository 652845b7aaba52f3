/**
 * A lenient, bounds-checked reader of ELF32 files (header, program headers, section headers, section
 * names, raw bytes).
 *
 * <p>"Lenient" means the reader only refuses what it cannot represent (a file shorter than the ELF
 * header, a bad magic, a 64-bit class, a table or name that lies outside the file); every other rule
 * (machine, type, entry point, which segment types are allowed, where they may load) is applied by the
 * consumer — the OP-TEE remoteproc TA, the Linux ELF loader, the M4 loader — because each of them has
 * its own upstream rules and error codes. Malformed input is reported with an {@link
 * org.mp15sim.core.elf.ElfFormatException} naming the structure, its file offset and the rule; no
 * accessor ever lets an {@link IndexOutOfBoundsException} escape.
 */
package org.mp15sim.core.elf;
