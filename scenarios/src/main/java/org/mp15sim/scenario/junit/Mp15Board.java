package org.mp15sim.scenario.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mp15sim.scenario.board.Assemblies;
import org.mp15sim.scenario.board.BoardFactory;

/**
 * Gives a test method a booted board: declare a {@link BoardDriver} parameter.
 * <pre>{@code
 * @Test
 * @Mp15Board(dt = "dk2-tee", firmware = "${root}/firmware/rpmsg_echo/rpmsg_echo.elf", signed = true)
 * void echoes(BoardDriver board) {
 *     board.expectState("running").waitFor("exists /dev/ttyRPMSG0", "100ms")
 *          .send("/dev/ttyRPMSG0", "hi\n").expectReply("/dev/ttyRPMSG0", "hi", "10ms");
 * }
 * }</pre>
 * On a class it applies to every method; a method's own annotation wins. Host paths take {@code ${root}} (the
 * checkout) and {@code ${shared}} (the shared inputs; a test whose firmware there is absent is skipped).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(Mp15BoardExtension.class)
public @interface Mp15Board {
    /** {@code dk2} (native), {@code dk2-tee}, or a DTS/DTB file. */
    String dt() default "dk2";

    /** Host ELF to install into /lib/firmware and select through sysfs {@code firmware}; "" installs nothing. */
    String firmware() default "";

    /** Its name in /lib/firmware; "" = the file name (with {@code .sig} instead of {@code .elf} when signed). */
    String firmwareName() default "";

    /** Sign the firmware on the fly (for {@code dk2-tee}). */
    boolean signed() default false;

    /** Private key (PEM) to sign with; "" = the board's default key. */
    String signKey() default "";

    /** Write {@code start} to sysfs {@code state} before the test runs (only with a firmware). */
    boolean start() default true;

    long seed() default 1;

    /** {@code set} lines, as {@code "name=value"} (e.g. {@code "linux.irq-latency=5us"}). */
    String[] set() default {};

    /** Who builds the board (tests of the extension itself use their own). */
    Class<? extends BoardFactory> factory() default Assemblies.Standard.class;
}
