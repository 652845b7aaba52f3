/**
 * Command-line tools over the secure-world model: {@link org.mp15sim.tee.tools.TeeTool} (sign, verify,
 * inspect) and the stand-alone DK2 memory map they run on.
 */
package org.mp15sim.tee.tools;
