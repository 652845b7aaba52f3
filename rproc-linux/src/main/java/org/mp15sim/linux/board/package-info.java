/**
 * Assembly of the Linux side on the SoC model: {@link org.mp15sim.linux.board.LinuxSystem} probes the drivers from
 * the device tree in init order and offers a Linux reboot with the M4 left running;
 * {@link org.mp15sim.linux.board.UBootRemoteproc} plays the bootloader's early M4 boot (TAMP CRUN + BKP17R).
 */
package org.mp15sim.linux.board;
