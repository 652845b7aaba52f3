/*
 * soc_periph: exercises the STM32MP15 peripherals the remoteproc firmware relies on, from the M4, and
 * leaves its observations in a result block at the end of RETRAM for the Java test (SocPeripheralFirmwareTest):
 *   RCC clock enables, SYSCFG BOOTR, DBGMCU IDCODE, HSEM 1-step and 2-step locks with the free interrupt
 *   (NVIC 125), IPCC kick both ways with the RX-occupied interrupt (NVIC 103) and the HAL's masking
 *   discipline, SysTick-paced LED7 (PH7) toggles, and finally WWDG1 with its early-wakeup interrupt
 *   (NVIC 0) left to expire, which resets the M4 and signals EXTI line 68 to the A7. On the way it prints
 *   a line on the USART3 console at 115200 baud, polling TXE and TC as a HAL_UART_Transmit does.
 * Register names and offsets follow RM0436 / the CMSIS device header.
 */
#include "m4.h"

#define RCC_BASE         0x50000000u
#define RCC_MC_AHB3ENSETR REG32(RCC_BASE + 0xAA0u)
#define RCC_MC_AHB4ENSETR REG32(RCC_BASE + 0xAA8u)
#define RCC_MC_APB1ENSETR REG32(RCC_BASE + 0xA80u)
#define RCC_MC_RSTSCLRR  REG32(RCC_BASE + 0xC00u)
#define SYSCFG_BOOTR     REG32(0x50020000u)
#define DBGMCU_IDCODE    REG32(0x50081000u)

#define HSEM_BASE        0x4C000000u
#define HSEM_R(n)        REG32(HSEM_BASE + 4u * (n))
#define HSEM_RLR(n)      REG32(HSEM_BASE + 0x80u + 4u * (n))
#define HSEM_C2IER       REG32(HSEM_BASE + 0x110u)
#define HSEM_C2ICR       REG32(HSEM_BASE + 0x114u)
#define HSEM_C2ISR       REG32(HSEM_BASE + 0x118u)
#define HSEM_C2MISR      REG32(HSEM_BASE + 0x11Cu)
#define HSEM_COREID_CM4  (2u << 8)
#define HSEM_LOCK        (1u << 31)

#define IPCC_BASE        0x4C001000u
#define IPCC_C1TOC2SR    REG32(IPCC_BASE + 0x0Cu)
#define IPCC_C2CR        REG32(IPCC_BASE + 0x10u)
#define IPCC_C2MR        REG32(IPCC_BASE + 0x14u)
#define IPCC_C2SCR       REG32(IPCC_BASE + 0x18u)
#define IPCC_C2TOC1SR    REG32(IPCC_BASE + 0x1Cu)
#define IPCC_HWCFGR      REG32(IPCC_BASE + 0x3F0u)

#define GPIOH_BASE       0x50009000u
#define GPIOH_MODER      REG32(GPIOH_BASE + 0x00u)
#define GPIOH_ODR        REG32(GPIOH_BASE + 0x14u)
#define GPIOH_BSRR       REG32(GPIOH_BASE + 0x18u)

#define USART3_BASE      0x4000F000u
#define USART3_CR1       REG32(USART3_BASE + 0x00u)
#define USART3_BRR       REG32(USART3_BASE + 0x0Cu)
#define USART3_ISR       REG32(USART3_BASE + 0x1Cu)
#define USART3_TDR       REG32(USART3_BASE + 0x28u)
#define PCLK1_HZ         (CORE_HZ / 2u)   /* RCC APB1DIVR = 1 on the DK2 */

#define WWDG_CR          REG32(0x4000A000u)
#define WWDG_CFR         REG32(0x4000A004u)
#define WWDG_SR          REG32(0x4000A008u)

#define IRQ_WWDG1        0u
#define IRQ_IPCC_RX1     103u
#define IRQ_HSEM_IT2     125u

/* Result block read by the test: RETRAM 0xF000 (the vector table only uses the first 0x298 bytes). */
#define RESULT(n)        REG32(0x0000F000u + 4u * (n))
#define RESULT_MAGIC     0x50C0FFEEu
enum {
    R_MAGIC, R_BOOTR, R_IDCODE, R_AHB3EN, R_RLR0, R_R1_LOCKED, R_R1_FOREIGN, R_HSEM_IRQS, R_HSEM_ISR_AFTER,
    R_IPCC_CHANNELS, R_IPCC_RX_IRQS, R_IPCC_RX_CHANNEL, R_IPCC_ACKED, R_LED_TOGGLES, R_TICKS_AT_LED,
    R_WWDG_EWI, R_WWDG_COUNTER_AT_EWI, R_STAGE, R_RSTSCLRR, R_COUNT
};

static volatile uint32_t ticks;
static volatile uint32_t hsem_irqs;
static volatile uint32_t ipcc_rx_irqs;
static volatile uint32_t ipcc_rx_channel;
static volatile uint32_t wwdg_ewi;

/* VTOR needs a table aligned to its size rounded up to a power of two: 166 words -> 1 KiB. */
static void (*ram_vectors[16 + 150])(void) __attribute__((aligned(1024)));

void SysTick_Handler(void) { ticks++; }

static void hsem_irq(void)
{
    uint32_t pending = HSEM_C2MISR;
    HSEM_C2ICR = pending;
    hsem_irqs++;
}

/* As HAL_IPCC_RX_IRQHandler: mask the occupied channel, run the "callback", clear the A7's flag, unmask. */
static void ipcc_rx_irq(void)
{
    uint32_t pending = ~IPCC_C2MR & 0x3Fu & IPCC_C1TOC2SR;
    for (uint32_t ch = 0; ch < 6; ch++) {
        if (pending & (1u << ch)) {
            IPCC_C2MR |= 1u << ch;
            ipcc_rx_irqs++;
            ipcc_rx_channel = ch;
            IPCC_C2SCR = 1u << ch;
            IPCC_C2MR &= ~(1u << ch);
        }
    }
}

static void wwdg_irq(void)
{
    RESULT(R_WWDG_COUNTER_AT_EWI) = WWDG_CR & 0x7Fu;
    WWDG_SR = 0;            /* rc_w0: clear EWIF */
    wwdg_ewi++;
    RESULT(R_WWDG_EWI) = wwdg_ewi;
}

static void delay_ms(uint32_t ms)
{
    uint32_t end = ticks + ms;
    while ((int32_t)(ticks - end) < 0) {
        wfi();
    }
}

int main(void)
{
    for (uint32_t i = 0; i < R_COUNT; i++) RESULT(i) = 0;

    /* Our own vector table in SRAM, with the three peripheral handlers this program needs. */
    const uint32_t *rom = (const uint32_t *)0u;
    for (uint32_t i = 0; i < 16 + 150; i++) ram_vectors[i] = (void (*)(void))rom[i];
    ram_vectors[16 + IRQ_WWDG1] = wwdg_irq;
    ram_vectors[16 + IRQ_IPCC_RX1] = ipcc_rx_irq;
    ram_vectors[16 + IRQ_HSEM_IT2] = hsem_irq;
    VTOR = (uint32_t)ram_vectors;
    dsb_isb();

    RESULT(R_STAGE) = 1;
    RESULT(R_BOOTR) = SYSCFG_BOOTR;
    RESULT(R_IDCODE) = DBGMCU_IDCODE;
    RESULT(R_RSTSCLRR) = RCC_MC_RSTSCLRR;
    RCC_MC_AHB3ENSETR = 1u << 11; /* HSEMEN */
    RCC_MC_AHB3ENSETR = 1u << 12; /* IPCCEN */
    RCC_MC_AHB4ENSETR = 1u << 7;  /* GPIOHEN */
    RCC_MC_APB1ENSETR = 1u << 28; /* WWDG1EN */
    RESULT(R_AHB3EN) = RCC_MC_AHB3ENSETR;

    /* SysTick at 1 kHz, lowest priority, as HAL_InitTick does. */
    SHPR8(15) = 0xF0;
    SYST_RVR = CORE_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7;

    /* HSEM: the firmware's 1-step lock, then a 2-step lock, a foreign unlock attempt and a release. */
    RESULT(R_STAGE) = 2;
    RESULT(R_RLR0) = HSEM_RLR(0);
    HSEM_C2IER = 1u << 1;
    NVIC_IPR8(IRQ_HSEM_IT2) = 0x20;
    nvic_enable(IRQ_HSEM_IT2);
    HSEM_R(1) = HSEM_LOCK | HSEM_COREID_CM4 | 5u;
    RESULT(R_R1_LOCKED) = HSEM_R(1);
    HSEM_R(1) = (1u << 8) | 5u;   /* pretends to be core 1: must be ignored */
    RESULT(R_R1_FOREIGN) = HSEM_R(1);
    HSEM_R(1) = HSEM_COREID_CM4 | 5u; /* release: sets C2ISR bit 1 -> HSEM_IT2 */
    dsb_isb();
    RESULT(R_HSEM_IRQS) = hsem_irqs;
    RESULT(R_HSEM_ISR_AFTER) = HSEM_C2ISR;

    /* IPCC as HAL_IPCC_Init + ActivateNotification(channel 2, RX), then a kick on channel 1 (index 0). */
    RESULT(R_STAGE) = 3;
    RESULT(R_IPCC_CHANNELS) = IPCC_HWCFGR & 0xFFu;
    IPCC_C2CR = 0;
    IPCC_C2MR = 0x003F003Fu;
    IPCC_C2SCR = 0x3Fu;
    IPCC_C2CR = 1u | (1u << 16);
    IPCC_C2MR &= ~(1u << 1);
    NVIC_IPR8(IRQ_IPCC_RX1) = 0x10;
    nvic_enable(IRQ_IPCC_RX1);
    IPCC_C2SCR = 1u << 16;        /* post channel index 0 to the A7 */
    uint32_t deadline = ticks + 50u;
    while ((IPCC_C2TOC1SR & 1u) || ipcc_rx_irqs == 0) {
        if ((int32_t)(ticks - deadline) >= 0) break;
        wfi();
    }
    RESULT(R_IPCC_ACKED) = (IPCC_C2TOC1SR & 1u) == 0;
    RESULT(R_IPCC_RX_IRQS) = ipcc_rx_irqs;
    RESULT(R_IPCC_RX_CHANNEL) = ipcc_rx_channel;

    /* LED7 on PH7: output, three toggles 2 ms apart. */
    RESULT(R_STAGE) = 4;
    GPIOH_MODER = (GPIOH_MODER & ~(3u << 14)) | (1u << 14);
    for (uint32_t i = 0; i < 3; i++) {
        if (GPIOH_ODR & (1u << 7)) GPIOH_BSRR = 1u << (16 + 7);
        else GPIOH_BSRR = 1u << 7;
        RESULT(R_LED_TOGGLES) = i + 1;
        RESULT(R_TICKS_AT_LED) = ticks;
        delay_ms(2);
    }

    /* USART3 console, 8N1 at 115200 baud from pclk1. */
    RESULT(R_STAGE) = 6;
    RCC_MC_APB1ENSETR = 1u << 15; /* USART3EN */
    USART3_BRR = (PCLK1_HZ + 115200u / 2u) / 115200u;
    USART3_CR1 = 1u | (1u << 3);  /* UE | TE */
    while (!(USART3_ISR & (1u << 21))) {
        /* TEACK */
    }
    for (const char *p = "soc_periph: console\r\n"; *p; p++) {
        while (!(USART3_ISR & (1u << 7))) {
            /* TXE */
        }
        USART3_TDR = (uint8_t)*p;
    }
    while (!(USART3_ISR & (1u << 6))) {
        /* TC: the last frame has left */
    }

    /* WWDG1: window 0x7F, early wake-up on, prescaler 1; refresh twice, then let it expire. */
    RESULT(R_STAGE) = 5;
    NVIC_IPR8(IRQ_WWDG1) = 0x00;
    nvic_enable(IRQ_WWDG1);
    WWDG_CFR = (1u << 9) | 0x7Fu;
    WWDG_CR = 0x80u | 0x7Fu;
    for (int i = 0; i < 2; i++) {
        delay_ms(1);
        WWDG_CR = 0x80u | 0x7Fu;
    }
    RESULT(R_MAGIC) = RESULT_MAGIC;
    for (;;) {
        wfi();
    }
}
