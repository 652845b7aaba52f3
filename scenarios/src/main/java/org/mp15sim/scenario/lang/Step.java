package org.mp15sim.scenario.lang;

/** One scenario statement that does something on the board, in file order. */
public sealed interface Step {
    SourceLine at();

    /** {@code install FILE [as NAME] [signed [with KEY]]}: copies a host file into /lib/firmware. */
    record Install(SourceLine at, FileRef source, String name, boolean signed, FileRef signKey) implements Step {}

    /**
     * {@code echo [-n] TEXT > PATH [expect error ERRNO]}: writes TEXT (plus a newline unless {@code -n}).
     * {@code expectErrno} is 0 when the write must succeed.
     */
    record Write(SourceLine at, SimPath path, String data, int expectErrno) implements Step {}

    /** {@code cat PATH [expect error ERRNO]}: reads the file; its content goes to the report. */
    record Read(SourceLine at, SimPath path, int expectErrno) implements Step {}

    /** {@code dmesg [-c]} / {@code console [-c]}: shows the log; {@code -c} then clears what checks look at. */
    record ShowLog(SourceLine at, Log log, boolean clear) implements Step {}

    enum Log { DMESG, CONSOLE }

    /** {@code run DURATION}: lets simulated time pass. */
    record Run(SourceLine at, long duration) implements Step {}

    /** {@code wait CONDITION within DURATION}: runs until the condition holds; failing after the bound. */
    record Wait(SourceLine at, Condition condition, long within) implements Step {}

    /** {@code expect CONDITION}: checks now, without letting time pass. */
    record Expect(SourceLine at, Condition condition) implements Step {}

    /** {@code inject FAULT}. */
    record Inject(SourceLine at, Fault fault) implements Step {}

    /** {@code reboot linux}: Linux restarts while the M4 keeps running (a later start attaches to it). */
    record RebootLinux(SourceLine at) implements Step {}
}
