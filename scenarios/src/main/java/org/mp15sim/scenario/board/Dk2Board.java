package org.mp15sim.scenario.board;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import org.mp15sim.core.cpu.ArmV7mCore;
import org.mp15sim.core.dt.DeviceTree;
import org.mp15sim.core.dt.Node;
import org.mp15sim.linux.mailbox.Mailbox;
import org.mp15sim.linux.mailbox.MboxBinding;
import org.mp15sim.linux.mailbox.MboxSpec;
import org.mp15sim.soc.dt.IpccConfig;
import org.mp15sim.soc.dt.Stm32RprocBinding;
import org.mp15sim.core.sched.Scheduler;
import org.mp15sim.core.trace.Trace;
import org.mp15sim.soc.periph.Ipcc;
import org.mp15sim.core.time.SimTime;
import org.mp15sim.linux.board.LinuxSystem;
import org.mp15sim.linux.kernel.Kernel;
import org.mp15sim.soc.Stm32mp15;
import org.mp15sim.soc.m4.CortexM4;
import org.mp15sim.tee.sign.FirmwareSigner;
import org.mp15sim.tee.sign.KeyType;
import org.mp15sim.tee.sign.PemKeys;
import org.mp15sim.tee.sign.SigningException;
import org.mp15sim.tee.stm32mp.Stm32mpSecureWorld;

/** A built DK2: the SoC, the secure world (TEE boards), and the Linux that runs now. */
final class Dk2Board implements Board {
    private final BoardSpec spec;
    private final Scheduler scheduler;
    private final Stm32mp15 soc;
    private final CortexM4 m4;
    private final Stm32mpSecureWorld secure;
    private final StringBuilder console = new StringBuilder();
    private LinuxSystem linux;
    private final Trace trace;
    private final DeviceTree dt;
    private final int[] ipccTracks = new int[2 * Ipcc.CHANNELS];
    private final int coreTrack;
    private int a7ToM4;
    private int m4ToA7;
    private ArmV7mCore.State coreState;

    Dk2Board(BoardSpec spec, Scheduler scheduler, Stm32mp15 soc, CortexM4 m4, Stm32mpSecureWorld secure, LinuxSystem linux,
             DeviceTree dt) {
        this.spec = spec;
        this.dt = dt;
        this.scheduler = scheduler;
        this.soc = soc;
        this.m4 = m4;
        this.secure = secure;
        this.linux = linux;
        this.trace = scheduler.trace();
        for (int c = 0; c < Ipcc.CHANNELS; c++) {
            ipccTracks[c] = trace.track("IPCC A7→M4 ch" + c);
            ipccTracks[Ipcc.CHANNELS + c] = trace.track("IPCC M4→A7 ch" + c);
        }
        coreTrack = trace.track("M4 core");
        // Both UARTs the DK2's M4 firmware may print on (USART3 on the Arduino header, UART7), in arrival order.
        soc.usart3().addListener(b -> console.append((char) (b & 0xFF)));
        soc.uart7().addListener(b -> console.append((char) (b & 0xFF)));
    }

    /** IPCC channel occupancy (flag set until the other side clears it) and the M4's run state, as trace spans. */
    @Override
    public void observe() {
        if (!trace.enabled()) return;
        long now = scheduler.now();
        int a = soc.ipcc().a7ToM4Occupied();
        int m = soc.ipcc().m4ToA7Occupied();
        if (a != a7ToM4) a7ToM4 = spans(now, a7ToM4, a, 0, "occupied");
        if (m != m4ToA7) m4ToA7 = spans(now, m4ToA7, m, Ipcc.CHANNELS, "occupied");
        ArmV7mCore.State st = m4.core().state();
        if (st != coreState) {
            if (coreState != null) trace.end(now, coreTrack, coreState.name().toLowerCase(java.util.Locale.ROOT));
            trace.begin(now, coreTrack, st.name().toLowerCase(java.util.Locale.ROOT));
            coreState = st;
        }
    }

    private int spans(long now, int was, int is, int base, String name) {
        for (int c = 0; c < Ipcc.CHANNELS; c++) {
            boolean before = (was & (1 << c)) != 0;
            boolean after = (is & (1 << c)) != 0;
            if (!before && after) trace.begin(now, ipccTracks[base + c], name);
            if (before && !after) trace.end(now, ipccTracks[base + c], name);
        }
        return is;
    }

    @Override public BoardSpec spec() { return spec; }
    @Override public Scheduler scheduler() { return scheduler; }
    @Override public Kernel linux() { return linux.kernel(); }

    /** The Linux model (drivers, probe errors), for tools that look deeper than a user could. */
    LinuxSystem linuxSystem() { return linux; }

    Stm32mp15 soc() { return soc; }

    @Override
    public java.util.List<String> unmodelledAccesses() { return soc.unmodelledAccesses().summary(); }

    @Override
    public String remoteprocSysfs() { return "/sys/class/remoteproc/" + rprocName(); }

    @Override
    public String remoteprocDebugfs() { return "/sys/kernel/debug/remoteproc/" + rprocName(); }

    private String rprocName() { return linux.rproc() == null ? "remoteproc0" : linux.rproc().dev().name(); }

    @Override public CharSequence console() { return console; }

    @Override
    public byte[] sign(byte[] elf, byte[] privateKeyPem) throws BoardException {
        try {
            String pem = privateKeyPem == null ? Dk2Assembly.defaultPrivateKey() : new String(privateKeyPem, StandardCharsets.US_ASCII);
            var key = PemKeys.readPrivateKey(pem, null);
            KeyType type = key.getAlgorithm().equals("RSA") ? KeyType.RSA : KeyType.ECC;
            // ECDSA signatures take a random nonce: draw it from the run's seed so the same scenario signs the same bytes.
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(spec.seed());
            return new FirmwareSigner(key, type).random(random).addImage("m4", elf).sign();
        } catch (SigningException | IllegalArgumentException | NoSuchAlgorithmException e) {
            throw new BoardException("signKey", "cannot sign: " + e.getMessage(), e);
        }
    }

    @Override public void injectWatchdog() { soc.injectWatchdogExpiry(); }

    @Override public void injectLockup() { soc.injectM4Lockup(); }

    @Override
    public void replaceVerificationKey(byte[] publicKeyPem) throws BoardException {
        if (secure == null) throw new BoardException(null, "this board has no secure world (its device tree names no remoteproc TA)", null);
        try {
            secure.replaceVerificationKey(PemKeys.readPublicKey(new String(publicKeyPem, StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            throw new BoardException(null, "cannot embed this key in the secure world: " + e.getMessage(), e);
        }
    }

    /**
     * {@code of_property_match_string(np, "mbox-names", name)} on the st,stm32mp1-m4 node, then the first cell of
     * that {@code mboxes} entry, which the IPCC driver's of_mbox_index_xlate takes as the channel number.
     */
    @Override
    public int ipccChannel(String mboxName) throws BoardException {
        List<Node> rprocs = dt.compatible(Stm32RprocBinding.COMPATIBLE);
        if (rprocs.isEmpty()) throw new BoardException(null, "the device tree has no " + Stm32RprocBinding.COMPATIBLE + " node", null);
        Node np = rprocs.getFirst();
        MboxBinding binding;
        try {
            binding = Mailbox.bindingOf(np);
        } catch (RuntimeException e) { // DtException: a malformed mboxes property
            throw new BoardException(null, np.path() + ": cannot read mboxes: " + e.getMessage(), e);
        }
        int i = binding.indexOf(mboxName);
        if (i < 0 || i >= binding.mboxes().size()) {
            throw new BoardException(null, np.path() + ": mbox-names " + binding.names() + " has no \"" + mboxName
                    + "\" with an mboxes entry (rule: a named IPCC channel comes from the remoteproc node's mbox-names)", null);
        }
        MboxSpec ch = binding.mboxes().get(i);
        List<Node> ipcc = dt.compatible(IpccConfig.COMPATIBLE);
        if (ipcc.isEmpty() || !Mailbox.nodeId(ipcc.getFirst()).equals(ch.controller()) || ch.args().length < 1) {
            throw new BoardException(null, np.path() + ": mbox \"" + mboxName + "\" is " + ch + ", not a channel of the IPCC", null);
        }
        return ch.args()[0];
    }

    @Override
    public void ipccNeverAck(int channel) throws BoardException {
        try {
            soc.ipcc().dropM4Acks(channel);
        } catch (IllegalArgumentException e) {
            throw new BoardException(null, e.getMessage(), e);
        }
    }

    @Override
    public void rebootLinux() throws BoardException {
        linux = linux.rebootWithM4Running();
        if (!scheduler.runUntil(linux::isUp, scheduler.now() + Dk2Assembly.PROBE_LIMIT)) {
            throw new BoardException(null, "Linux did not finish probing within " + SimTime.format(Dk2Assembly.PROBE_LIMIT) + " after the reboot", null);
        }
    }

    @Override
    public void close() {
        scheduler.close();
        soc.close(); // and its M4 core
    }
}
