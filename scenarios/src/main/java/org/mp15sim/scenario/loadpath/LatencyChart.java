package org.mp15sim.scenario.loadpath;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** A PNG line chart of total latency (start to first rpmsg announcement) against firmware size, one line per path. */
final class LatencyChart {
    private static final Color[] COLORS = {new Color(0x4e79a7), new Color(0xe15759), new Color(0x59a14f), new Color(0xf28e2b)};

    private LatencyChart() {}

    /** Draws the SRAM-sized runs, or the DDR-carve-out runs when {@code ddr}; returns whether there was anything to draw. */
    static boolean write(List<LoadPathBench.Result> results, Path png, boolean ddr) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<long[]>> series = new LinkedHashMap<>();
        for (LoadPathBench.Result r : results) {
            if (!r.outcome().equals("ok")) continue;
            if (r.c().path() == LoadPathBench.LoadPath.TEE && !r.c().key().equals("rsa4096")) continue;
            if (r.c().ddr() != ddr) continue; // MiB-sized DDR images get their own chart
            series.computeIfAbsent(r.c().label(), k -> new ArrayList<>()).add(new long[] {r.loadBytes(), r.total()});
        }
        if (series.isEmpty()) return false;
        long maxX = 1;
        long maxY = 1;
        for (List<long[]> pts : series.values()) {
            pts.sort((a, b) -> Long.compare(a[0], b[0]));
            for (long[] p : pts) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        int w = 900;
        int h = 540;
        int left = 80;
        int right = 30;
        int top = 50;
        int bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString("mp15sim load path: simulated time from 'echo start > state' to the first rpmsg announcement", left, 25);
        int pw = w - left - right;
        int ph = h - top - bottom;
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 5; i++) {
            int y = top + ph - ph * i / 5;
            g.drawLine(left, y, left + pw, y);
            int x = left + pw * i / 5;
            g.drawLine(x, top, x, top + ph);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        for (int i = 0; i <= 5; i++) {
            int y = top + ph - ph * i / 5;
            g.drawString(String.format(Locale.ROOT, "%.1f ms", maxY * i / 5.0 / 1e9), 8, y + 4);
            int x = left + pw * i / 5;
            g.drawString(String.format(Locale.ROOT, "%d KiB", maxX * i / 5 / 1024), x - 18, top + ph + 18);
        }
        g.drawString("bytes loaded (PT_LOAD file size)" + (ddr ? ", padding in a DDR carve-out" : ", padding in MCU SRAM / RETRAM"), left + pw / 2 - 160, h - 15);
        int k = 0;
        for (Map.Entry<String, List<long[]>> e : series.entrySet()) {
            g.setColor(COLORS[k % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (long[] p : e.getValue()) {
                int x = left + (int) (pw * (double) p[0] / maxX);
                int y = top + ph - (int) (ph * (double) p[1] / maxY);
                g.fillOval(x - 3, y - 3, 7, 7);
                if (px >= 0) g.drawLine(px, py, x, y);
                px = x;
                py = y;
            }
            g.drawString(e.getKey(), left + 15, top + 20 + 16 * k);
            k++;
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
        return true;
    }
}
