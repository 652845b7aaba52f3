package org.mp15sim.linux.remoteproc;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.mp15sim.core.sched.Completion;

/**
 * remoteproc_coredump.c {@code rproc_coredump}: an ELF core (ET_CORE) with one PT_LOAD per registered dump
 * segment, the bytes read through da_to_va (0xff where nothing maps, as rproc_copy_segment does). ENABLED
 * hands a copy to devcoredump; INLINE waits until userspace has read and released the dump (or 5 minutes).
 */
public final class RprocCoredump {
    public static final int ET_CORE = 4;
    public static final int PF_RWX = 7;

    private RprocCoredump() {}

    /** {@code rproc_coredump(rproc)}. */
    public static void coredump(RemoteProc rproc) {
        RprocDumpMechanism conf = rproc.dumpConf();
        List<RemoteProc.DumpSegment> segs = rproc.dumpSegments();
        if (conf == RprocDumpMechanism.DISABLED) return;
        if (segs.isEmpty()) return;
        if (rproc.elfClass() == RemoteProc.ELFCLASSNONE) {
            rproc.dev().err("ELF class is not set");
            return;
        }
        if (conf == RprocDumpMechanism.ENABLED) {
            byte[] data = build(rproc, segs);
            Devcoredump.create(rproc, () -> data.clone(), null);
            return;
        }
        Completion done = new Completion(rproc.kernel().scheduler(), "rproc_coredump dump_done");
        Devcoredump.create(rproc, () -> build(rproc, segs), done);
        done.waitFor();
    }

    /** The ELF core image of {@code segs} as seen now. */
    static byte[] build(RemoteProc rproc, List<RemoteProc.DumpSegment> segs) {
        boolean is64 = rproc.elfClass() == 2;
        int ehsize = is64 ? 64 : 52, phsize = is64 ? 56 : 32;
        ByteBuffer h = ByteBuffer.allocate(ehsize + phsize * segs.size()).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) rproc.elfClass(), 1, 1, 0});
        h.position(16);
        h.putShort((short) ET_CORE).putShort((short) rproc.elfMachine()).putInt(1);
        if (is64) h.putLong(rproc.bootaddr()).putLong(ehsize).putLong(0);
        else h.putInt((int) rproc.bootaddr()).putInt(ehsize).putInt(0);
        h.putInt(0).putShort((short) ehsize).putShort((short) phsize).putShort((short) segs.size());
        h.putShort((short) 0).putShort((short) 0).putShort((short) 0);
        long offset = ehsize + (long) phsize * segs.size();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (RemoteProc.DumpSegment s : segs) {
            h.position(ehsize + phsize * segs.indexOf(s));
            if (is64) {
                h.putInt(1).putInt(PF_RWX).putLong(offset).putLong(s.da()).putLong(s.da()).putLong(s.size()).putLong(s.size()).putLong(0);
            } else {
                h.putInt(1).putInt((int) offset).putInt((int) s.da()).putInt((int) s.da()).putInt((int) s.size()).putInt((int) s.size())
                        .putInt(PF_RWX).putInt(0);
            }
            body.writeBytes(copySegment(rproc, s));
            offset += s.size();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    // rproc_copy_segment
    private static byte[] copySegment(RemoteProc rproc, RemoteProc.DumpSegment s) {
        MemorySegment p = rproc.daToVa(s.da(), s.size());
        if (p == null) {
            rproc.dev().err(String.format("Failed to copy segment, da 0x%x, size %d", s.da(), s.size()));
            byte[] ff = new byte[(int) s.size()];
            Arrays.fill(ff, (byte) 0xff);
            return ff;
        }
        return p.toArray(ValueLayout.JAVA_BYTE);
    }
}
