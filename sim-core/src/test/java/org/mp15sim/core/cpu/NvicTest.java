package org.mp15sim.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NvicTest {
    private static int irq(int n) {
        return Nvic.FIRST_IRQ + n;
    }

    @Test
    void fourPriorityBitsKeepTheTopNibble() {
        Nvic n = new Nvic(150, 4);
        n.setPriority(irq(3), 0x5A);
        assertEquals(0x50, n.priority(irq(3)));
        assertEquals(0xF0, n.priorityMask());
    }

    @Test
    void fixedPrioritiesCannotChange() {
        Nvic n = new Nvic(8, 4);
        n.setPriority(Nvic.HARD_FAULT, 0x80);
        assertEquals(-1, n.priority(Nvic.HARD_FAULT));
        assertEquals(-2, n.priority(Nvic.NMI));
    }

    @ParameterizedTest(name = "PRIGROUP {0}: priority 0x{1} has group 0x{2}")
    @CsvSource({"0, B0, B0", "3, B0, B0", "4, B0, A0", "5, B0, 80", "6, B0, 80", "7, B0, 00", "5, 40, 40"})
    void prigroupSplitsGroupAndSubpriority(int prigroup, String prio, String group) {
        Nvic n = new Nvic(8, 4);
        n.setPrigroup(prigroup);
        assertEquals(Integer.parseInt(group, 16), n.groupPriority(Integer.parseInt(prio, 16)));
    }

    @Test
    void subpriorityDoesNotPreempt() {
        Nvic n = new Nvic(8, 4);
        n.setPrigroup(5); // group = bits 7:6
        n.setPriority(irq(0), 0x90);
        n.setPriority(irq(1), 0x80);
        n.setEnabled(irq(0), true);
        n.setEnabled(irq(1), true);
        n.activate(irq(0));
        n.setPending(irq(1), true);
        int prio = n.executionPriority(false, false, 0);
        assertEquals(0x80, prio);
        assertEquals(0, n.preempting(prio), "same group 0x80: no preemption despite lower subpriority value");
        n.deactivate(irq(0));
        assertEquals(irq(1), n.preempting(n.executionPriority(false, false, 0)));
    }

    @Test
    void masksBoostExecutionPriority() {
        Nvic n = new Nvic(8, 4);
        n.setPriority(irq(2), 0x40);
        n.setEnabled(irq(2), true);
        n.setPending(irq(2), true);
        assertEquals(irq(2), n.preempting(n.executionPriority(false, false, 0)));
        assertEquals(0, n.preempting(n.executionPriority(true, false, 0)), "PRIMASK");
        assertEquals(0, n.preempting(n.executionPriority(false, true, 0)), "FAULTMASK");
        assertEquals(0, n.preempting(n.executionPriority(false, false, 0x40)), "BASEPRI equal");
        assertEquals(irq(2), n.preempting(n.executionPriority(false, false, 0x50)), "BASEPRI lower priority");
        assertEquals(irq(2), n.preempting(n.executionPriority(false, false, 0x0F)), "BASEPRI below the implemented bits");
    }

    @Test
    void equalPriorityGoesToTheLowerNumber() {
        Nvic n = new Nvic(8, 4);
        for (int i : new int[] {5, 2, 7}) {
            n.setPriority(irq(i), 0x60);
            n.setEnabled(irq(i), true);
            n.setPending(irq(i), true);
        }
        assertEquals(irq(2), n.highestPending());
    }

    @Test
    void pendingSurvivesDisableAndFiresOnEnable() {
        Nvic n = new Nvic(8, 4);
        n.setPending(irq(4), true);
        assertEquals(0, n.highestPending(), "disabled");
        assertTrue(n.isPending(irq(4)));
        n.setEnabled(irq(4), true);
        assertEquals(irq(4), n.highestPending());
    }

    @Test
    void levelInputRependsAfterReturnWhileHigh() {
        Nvic n = new Nvic(8, 4);
        n.setEnabled(irq(1), true);
        n.setLevel(1, true);
        assertTrue(n.isPending(irq(1)));
        n.activate(irq(1));
        assertFalse(n.isPending(irq(1)));
        n.deactivate(irq(1));
        assertTrue(n.isPending(irq(1)), "still asserted: pending again");
        n.activate(irq(1));
        n.setLevel(1, false);
        n.deactivate(irq(1));
        assertFalse(n.isPending(irq(1)));
    }

    @Test
    void clearingPendingOfAnAssertedLevelDoesNotStick() {
        Nvic n = new Nvic(8, 4);
        n.setLevel(3, true);
        n.setPending(irq(3), false);
        assertTrue(n.isPending(irq(3)));
    }

    @Test
    void pulseLeavesItPending() {
        Nvic n = new Nvic(8, 4);
        n.setLevel(6, true);
        n.setLevel(6, false);
        assertTrue(n.isPending(irq(6)));
    }

    @Test
    void configurationLimitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Nvic(241, 4));
        assertThrows(IllegalArgumentException.class, () -> new Nvic(16, 2));
        Nvic n = new Nvic(16, 4);
        assertThrows(IllegalArgumentException.class, () -> n.setLevel(16, true));
    }

    @Test
    void nestingRaisesTheActivePriority() {
        Nvic n = new Nvic(8, 3);
        n.setPriority(irq(0), 0xA0);
        n.setPriority(irq(1), 0x20);
        n.activate(irq(0));
        n.activate(irq(1));
        assertEquals(2, n.activeCount());
        assertEquals(0x20, n.activeGroupPriority());
        n.deactivate(irq(1));
        assertEquals(0xA0, n.activeGroupPriority());
    }
}
