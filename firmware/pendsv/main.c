/*
 * PendSV context switch between two tasks running on PSP with their own stacks, as an RTOS does.
 * Both tasks use the FPU, so every switch goes through extended (FP) exception frames
 * (EXC_RETURN 0xFFFFFFED) and the handler saves s16-s31 itself, as FreeRTOS's port does.
 */
#include "m4.h"

#define STACK_WORDS 256
static uint32_t stack_a[STACK_WORDS] __attribute__((aligned(8)));
static uint32_t stack_b[STACK_WORDS] __attribute__((aligned(8)));
static volatile uint32_t *saved_sp[3]; /* task A, task B, main (never resumed) */
static volatile uint32_t current;
volatile uint32_t switches;
static volatile uint32_t count[2];
static volatile float facc[2];
static volatile uint32_t exc_return_first, exc_return_last;

static void yield(void)
{
    ICSR = ICSR_PENDSVSET;
    dsb_isb();
}

static void task(uint32_t id, float step)
{
    float acc = 0.0f;
    for (;;) {
        acc += step;          /* lives in an FP register across switches */
        count[id]++;
        facc[id] = acc;
        if (count[0] >= 50 && count[1] >= 50) {
            TESTDEV_RESULT(0) = count[0];
            TESTDEV_RESULT(1) = count[1];
            union { float f; uint32_t u; } a = {facc[0]}, b = {facc[1]};
            TESTDEV_RESULT(2) = a.u;
            TESTDEV_RESULT(3) = b.u;
            TESTDEV_RESULT(4) = switches;
            TESTDEV_RESULT(5) = exc_return_first;
            TESTDEV_RESULT(6) = exc_return_last;
            TESTDEV_RESULT(7) = get_control();
            test_exit(0);
        }
        yield();
    }
}

static void task_a(void) { task(0, 0.5f); }
static void task_b(void) { task(1, 0.25f); }

void record_exc_return(uint32_t lr)
{
    if (exc_return_first == 0) exc_return_first = lr;
    exc_return_last = lr;
}

/* r0 = current PSP after the hardware frame; returns the PSP of the next task. */
uint32_t *switch_context(uint32_t *psp)
{
    saved_sp[current] = psp;
    current = current == 0 ? 1u : 0u;
    switches++;
    return (uint32_t *)saved_sp[current];
}

__attribute__((naked)) void PendSV_Handler(void)
{
    __asm volatile(
        "mrs r0, psp\n"
        "tst lr, #0x10\n"           /* bit 4 clear: an FP frame was stacked, s16-s31 are ours to keep */
        "it eq\n"
        "vstmdbeq r0!, {s16-s31}\n"
        "stmdb r0!, {r4-r11, lr}\n"
        "push {r0, r1}\n"
        "mov r0, lr\n"
        "bl record_exc_return\n"
        "pop {r0, r1}\n"
        "bl switch_context\n"
        "ldmia r0!, {r4-r11, lr}\n"
        "tst lr, #0x10\n"
        "it eq\n"
        "vldmiaeq r0!, {s16-s31}\n"
        "msr psp, r0\n"
        "bx lr\n");
}

/* Build the first frame of a task so that PendSV "returns" into it with an FP frame. */
static uint32_t *init_stack(uint32_t *top, void (*entry)(void))
{
    uint32_t *sp = top;
    sp -= 18;                   /* FP extension: s0-s15, FPSCR, reserved */
    for (int i = 0; i < 18; i++) sp[i] = 0;
    sp -= 8;                    /* basic frame */
    sp[0] = sp[1] = sp[2] = sp[3] = sp[4] = 0;
    sp[5] = 0xFFFFFFFFu;        /* lr: tasks never return */
    sp[6] = (uint32_t)entry & ~1u;
    sp[7] = 1u << 24;           /* xPSR.T */
    sp -= 16;                   /* s16-s31 saved by PendSV */
    for (int i = 0; i < 16; i++) sp[i] = 0;
    sp -= 9;                    /* r4-r11, EXC_RETURN */
    for (int i = 0; i < 8; i++) sp[i] = 0;
    sp[8] = 0xFFFFFFEDu;        /* thread mode, PSP, extended frame */
    return sp;
}

int main(void)
{
    SHPR8(14) = 0xFF;           /* PendSV lowest priority */
    saved_sp[0] = init_stack(&stack_a[STACK_WORDS], task_a);
    saved_sp[1] = init_stack(&stack_b[STACK_WORDS], task_b);
    static uint32_t main_psp_stack[64] __attribute__((aligned(8)));
    __asm volatile("msr psp, %0\n" ::"r"(&main_psp_stack[64]));
    __asm volatile("msr control, %0\n isb\n" ::"r"(2u)); /* thread mode now runs on PSP */
    current = 2;                /* main's context goes to slot 2 and is never resumed */
    yield();
    return 0xBAD;
}
