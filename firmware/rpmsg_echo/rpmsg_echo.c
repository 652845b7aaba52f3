/*
 * rpmsg_echo: a Cortex-M4 firmware for Linux remoteproc on the STM32MP15, written for mp15sim.
 *
 * It publishes a resource table with one rpmsg virtio device (2 vrings of 16 entries, name-service feature)
 * and a trace buffer, waits until Linux sets DRIVER_OK, announces an rpmsg tty service ("rpmsg-tty" at
 * address 0x400) and echoes every message sent to that address. Doorbells go through the IPCC exactly as
 * ST's OpenAMP glue does: channel 0 (vq0) and 1 (vq1) kick both ways, channel 2 asks the firmware to shut
 * down and channel 3 to stop IPC before Linux detaches; the firmware acknowledges those by freeing the
 * channel when built with RPMSG_ECHO_ACK_SHUTDOWN=1, and never does otherwise (like ST's TTY echo example).
 *
 * It needs nothing but the IPCC and the shared SRAM: no HAL, no OpenAMP, no FPU.
 */
#include <stdint.h>

#ifndef RPMSG_ECHO_ACK_SHUTDOWN
#define RPMSG_ECHO_ACK_SHUTDOWN 1
#endif
#ifndef RPMSG_ECHO_SERVICE
#define RPMSG_ECHO_SERVICE "rpmsg-tty"
#endif
#ifndef RPMSG_ECHO_ADDR
#define RPMSG_ECHO_ADDR 0x400u
#endif

#define REG32(addr) (*(volatile uint32_t *)(addr))

/* RCC: M4 clock enable of the IPCC (RCC_MC_AHB3ENSETR.IPCCEN). */
#define RCC_MC_AHB3ENSETR REG32(0x50000AA0u)
#define RCC_IPCCEN (1u << 12)

/* IPCC, processor 2 (M4) bank and the A7's status register (stm32mp15 RM "IPCC"). */
#define IPCC_BASE 0x4C001000u
#define IPCC_C1TOC2SR REG32(IPCC_BASE + 0x00Cu)
#define IPCC_C2CR REG32(IPCC_BASE + 0x010u)
#define IPCC_C2MR REG32(IPCC_BASE + 0x014u)
#define IPCC_C2SCR REG32(IPCC_BASE + 0x018u)
#define IPCC_C2TOC1SR REG32(IPCC_BASE + 0x01Cu)
#define IPCC_CR_RXOIE (1u << 0)
#define IPCC_ALL_CHANNELS 0x3Fu

enum { CH_VQ0 = 0, CH_VQ1 = 1, CH_SHUTDOWN = 2, CH_DETACH = 3 };

/* NVIC (ARMv7-M B3.4) */
#define NVIC_ISER(n) REG32(0xE000E100u + 4u * (n))
#define NVIC_IPR8(n) (*(volatile uint8_t *)(0xE000E400u + (n)))
#define IRQ_IPCC_RX1 103u

/* ------------------------------------------------------------------ resource table (remoteproc ABI) */

#define RSC_VDEV 3u
#define RSC_TRACE 2u
#define VIRTIO_ID_RPMSG 7u
#define VIRTIO_RPMSG_F_NS 0u
#define VIRTIO_CONFIG_S_DRIVER_OK 4u
#define FW_RSC_ADDR_ANY 0xFFFFFFFFu
#define VRING_NUM 16u
#define VRING_ALIGN 16u
#define TRACE_SIZE 2048u

struct fw_rsc_vdev_vring {
    uint32_t da;
    uint32_t align;
    uint32_t num;
    uint32_t notifyid;
    uint32_t pa;
};

struct fw_rsc_vdev {
    uint32_t type;
    uint32_t id;
    uint32_t notifyid;
    uint32_t dfeatures;
    uint32_t gfeatures;
    uint32_t config_len;
    uint8_t status;
    uint8_t num_of_vrings;
    uint8_t reserved[2];
    struct fw_rsc_vdev_vring vring[2];
};

struct fw_rsc_trace {
    uint32_t type;
    uint32_t da;
    uint32_t len;
    uint32_t reserved;
    char name[32];
};

struct resource_table {
    uint32_t ver;
    uint32_t num;
    uint32_t reserved[2];
    uint32_t offset[2];
    struct fw_rsc_vdev vdev;
    struct fw_rsc_trace trace;
};

static char trace_buf[TRACE_SIZE];

__attribute__((section(".resource_table"), used)) volatile struct resource_table resource_table = {
    .ver = 1,
    .num = 2,
    .offset = {__builtin_offsetof(struct resource_table, vdev), __builtin_offsetof(struct resource_table, trace)},
    .vdev = {
        .type = RSC_VDEV,
        .id = VIRTIO_ID_RPMSG,
        .notifyid = 0,
        .dfeatures = 1u << VIRTIO_RPMSG_F_NS,
        .num_of_vrings = 2,
        .vring = {
            {.da = FW_RSC_ADDR_ANY, .align = VRING_ALIGN, .num = VRING_NUM, .notifyid = 0},
            {.da = FW_RSC_ADDR_ANY, .align = VRING_ALIGN, .num = VRING_NUM, .notifyid = 1},
        },
    },
    .trace = {
        .type = RSC_TRACE,
        .da = (uint32_t)(uintptr_t)trace_buf,
        .len = TRACE_SIZE,
        .name = "cm4_log",
    },
};

#ifdef RPMSG_ECHO_PAD_KIB
/* Padding that makes the image bigger (load-path benchmarks); never read. */
__attribute__((section(".image_pad"), used)) static const uint8_t image_pad[RPMSG_ECHO_PAD_KIB * 1024u] = {[0 ... RPMSG_ECHO_PAD_KIB * 1024u - 1] = 0xA5};
#endif

/* ------------------------------------------------------------------ trace log (debugfs trace0) */

static uint32_t trace_pos;

static void log_str(const char *s)
{
    while (*s) {
        trace_buf[trace_pos] = *s++;
        trace_pos = (trace_pos + 1u) % (TRACE_SIZE - 1u);
    }
    trace_buf[trace_pos] = 0;
}

static void log_hex(uint32_t v)
{
    char b[11] = "0x";
    for (int i = 0; i < 8; i++) {
        uint32_t n = (v >> (28 - 4 * i)) & 0xFu;
        b[2 + i] = (char)(n < 10 ? '0' + n : 'a' + n - 10);
    }
    b[10] = 0;
    log_str(b);
}

static void log_dec(uint32_t v)
{
    char b[11];
    int i = 10;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    log_str(&b[i]);
}

/* ------------------------------------------------------------------ vrings, device side (virtio 1.0 legacy) */

#define VRING_DESC_F_WRITE 2u
#define VRING_AVAIL_F_NO_INTERRUPT 1u

struct vring_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct vring {
    uint32_t num;
    volatile struct vring_desc *desc;
    volatile uint16_t *avail; /* flags, idx, ring[num], used_event */
    volatile uint16_t *used;  /* flags, idx, then {u32 id, u32 len}[num] from byte 4 */
    uint16_t last_avail;
};

struct rpmsg_hdr {
    uint32_t src;
    uint32_t dst;
    uint32_t reserved;
    uint16_t len;
    uint16_t flags;
    uint8_t data[];
};

#define RPMSG_HDR_SIZE 16u
#define RPMSG_NS_ADDR 0x35u
#define RPMSG_NAME_SIZE 32u

struct rpmsg_ns_msg {
    char name[RPMSG_NAME_SIZE];
    uint32_t addr;
    uint32_t flags;
};

/* vring 0 carries messages to Linux (its RX ring), vring 1 messages from Linux (its TX ring). */
static struct vring to_host, from_host;

static void vring_init(struct vring *vr, uint32_t da, uint32_t num, uint32_t align)
{
    uint32_t avail = da + 16u * num;
    uint32_t used = (avail + 2u * (3u + num) + align - 1u) & ~(align - 1u);
    vr->num = num;
    vr->desc = (volatile struct vring_desc *)(uintptr_t)da;
    vr->avail = (volatile uint16_t *)(uintptr_t)avail;
    vr->used = (volatile uint16_t *)(uintptr_t)used;
    vr->last_avail = 0;
}

static int vring_has_avail(const struct vring *vr) { return vr->last_avail != vr->avail[1]; }

static uint16_t vring_take(struct vring *vr)
{
    uint16_t head = vr->avail[2u + (vr->last_avail & (vr->num - 1u))];
    vr->last_avail++;
    return head;
}

static void vring_put_used(struct vring *vr, uint16_t head, uint32_t len)
{
    uint16_t idx = vr->used[1];
    volatile uint32_t *elem = (volatile uint32_t *)((uintptr_t)vr->used + 4u + 8u * (idx & (vr->num - 1u)));
    elem[0] = head;
    elem[1] = len;
    __asm volatile("dmb" ::: "memory");
    vr->used[1] = (uint16_t)(idx + 1u);
}

static int vring_wants_interrupt(const struct vring *vr) { return (vr->avail[0] & VRING_AVAIL_F_NO_INTERRUPT) == 0; }

/* ------------------------------------------------------------------ IPCC */

static volatile uint32_t rx_pending;

static void ipcc_init(void)
{
    RCC_MC_AHB3ENSETR = RCC_IPCCEN;
    /* as HAL_IPCC_Init: everything masked, every A7 flag cleared, then the RX-occupied source enabled */
    IPCC_C2CR = 0;
    IPCC_C2MR = IPCC_ALL_CHANNELS | (IPCC_ALL_CHANNELS << 16);
    IPCC_C2SCR = IPCC_ALL_CHANNELS;
    IPCC_C2CR = IPCC_CR_RXOIE;
    /* listen on the vq doorbells; shutdown/detach only when the firmware answers them */
    uint32_t listen = (1u << CH_VQ0) | (1u << CH_VQ1);
    if (RPMSG_ECHO_ACK_SHUTDOWN) {
        listen |= (1u << CH_SHUTDOWN) | (1u << CH_DETACH);
    }
    IPCC_C2MR &= ~listen;
    NVIC_IPR8(IRQ_IPCC_RX1) = 0x10;
    NVIC_ISER(IRQ_IPCC_RX1 / 32u) = 1u << (IRQ_IPCC_RX1 % 32u);
}

/* IPCC_RX1: Linux set channels occupied. Doorbells are acknowledged at once (the work is done in the main
 * loop); shutdown/detach stay occupied, and masked, until the main loop has acted on them. */
void IPCC_RX1_IRQHandler(void)
{
    uint32_t pending = IPCC_C1TOC2SR & ~IPCC_C2MR & IPCC_ALL_CHANNELS;
    uint32_t doorbells = pending & ((1u << CH_VQ0) | (1u << CH_VQ1));
    uint32_t requests = pending & ~doorbells;
    if (doorbells) {
        IPCC_C2SCR = doorbells;
    }
    if (requests) {
        IPCC_C2MR |= requests;
    }
    rx_pending |= pending;
}

/* Kick Linux on channel ch, waiting until it took the previous kick, as ST's mailbox glue does. */
static void ipcc_notify(uint32_t ch)
{
    while (IPCC_C2TOC1SR & (1u << ch)) {
    }
    IPCC_C2SCR = 1u << (16u + ch);
}

/* ------------------------------------------------------------------ rpmsg */

static uint32_t echoed;

/* Writes one message into the next buffer Linux posted on vring 0; 0 if none is free. */
static int rpmsg_put(uint32_t src, uint32_t dst, const uint8_t *data, uint32_t len)
{
    if (!vring_has_avail(&to_host)) {
        return 0;
    }
    uint16_t head = vring_take(&to_host);
    volatile struct vring_desc *d = &to_host.desc[head & (to_host.num - 1u)];
    struct rpmsg_hdr *h = (struct rpmsg_hdr *)(uintptr_t)d->addr;
    if (len > d->len - RPMSG_HDR_SIZE) {
        len = d->len - RPMSG_HDR_SIZE;
    }
    h->src = src;
    h->dst = dst;
    h->reserved = 0;
    h->len = (uint16_t)len;
    h->flags = 0;
    for (uint32_t i = 0; i < len; i++) {
        h->data[i] = data[i];
    }
    vring_put_used(&to_host, head, RPMSG_HDR_SIZE + len);
    return 1;
}

static void announce(const char *name, uint32_t addr)
{
    struct rpmsg_ns_msg ns = {.addr = addr, .flags = 0};
    for (uint32_t i = 0; i < RPMSG_NAME_SIZE - 1u && name[i]; i++) {
        ns.name[i] = name[i];
    }
    if (rpmsg_put(addr, RPMSG_NS_ADDR, (const uint8_t *)&ns, sizeof ns) && vring_wants_interrupt(&to_host)) {
        ipcc_notify(CH_VQ0);
    }
    log_str("rpmsg_echo: announced " RPMSG_ECHO_SERVICE " at ");
    log_hex(addr);
    log_str("\n");
}

/* Consumes Linux's messages while a reply buffer is free (back-pressure instead of copies). */
static void service_from_host(void)
{
    int sent = 0, returned = 0;
    while (vring_has_avail(&from_host) && vring_has_avail(&to_host)) {
        uint16_t head = vring_take(&from_host);
        volatile struct vring_desc *d = &from_host.desc[head & (from_host.num - 1u)];
        const struct rpmsg_hdr *h = (const struct rpmsg_hdr *)(uintptr_t)d->addr;
        uint32_t len = h->len;
        if (len > d->len - RPMSG_HDR_SIZE) {
            len = d->len - RPMSG_HDR_SIZE;
        }
        if (h->dst == RPMSG_ECHO_ADDR) {
            sent += rpmsg_put(RPMSG_ECHO_ADDR, h->src, h->data, len);
            echoed++;
        } else {
            log_str("rpmsg_echo: dropped a message for ");
            log_hex(h->dst);
            log_str("\n");
        }
        vring_put_used(&from_host, head, d->len);
        returned++;
    }
    if (sent && vring_wants_interrupt(&to_host)) {
        ipcc_notify(CH_VQ0);
    }
    if (returned && vring_wants_interrupt(&from_host)) {
        ipcc_notify(CH_VQ1);
    }
}

/* ------------------------------------------------------------------ main */

static void wait_for_interrupt(void)
{
    /* PRIMASK keeps the check and the sleep atomic: a pending IRQ still ends the WFI. */
    __asm volatile("cpsid i" ::: "memory");
    if (!rx_pending) {
        __asm volatile("wfi" ::: "memory");
    }
    __asm volatile("cpsie i" ::: "memory");
}

static uint32_t take_pending(uint32_t mask)
{
    __asm volatile("cpsid i" ::: "memory");
    uint32_t p = rx_pending & mask;
    rx_pending &= ~mask;
    __asm volatile("cpsie i" ::: "memory");
    return p;
}

int main(void)
{
    log_str("rpmsg_echo: boot, ");
    log_str(RPMSG_ECHO_ACK_SHUTDOWN ? "acks shutdown\n" : "never acks shutdown\n");
    ipcc_init();
    for (;;) {
        /* Linux writes DRIVER_OK after posting its RX buffers, then kicks vq0. */
        while (!(resource_table.vdev.status & VIRTIO_CONFIG_S_DRIVER_OK)) {
            wait_for_interrupt();
            take_pending((1u << CH_VQ0) | (1u << CH_VQ1));
        }
        vring_init(&to_host, resource_table.vdev.vring[0].da, resource_table.vdev.vring[0].num, resource_table.vdev.vring[0].align);
        vring_init(&from_host, resource_table.vdev.vring[1].da, resource_table.vdev.vring[1].num, resource_table.vdev.vring[1].align);
        log_str("rpmsg_echo: host ready, vring0 ");
        log_hex(resource_table.vdev.vring[0].da);
        log_str(" vring1 ");
        log_hex(resource_table.vdev.vring[1].da);
        log_str("\n");
        announce(RPMSG_ECHO_SERVICE, RPMSG_ECHO_ADDR);
        for (;;) {
            service_from_host();
            uint32_t p = take_pending(~0u);
            if (p & (1u << CH_SHUTDOWN)) {
                log_str("rpmsg_echo: shutdown request after ");
                log_dec(echoed);
                log_str(" echoes, acked\n");
                IPCC_C2MR = IPCC_ALL_CHANNELS | (IPCC_ALL_CHANNELS << 16);
                IPCC_C2SCR = 1u << CH_SHUTDOWN;
                for (;;) {
                    __asm volatile("wfi");
                }
            }
            if (p & (1u << CH_DETACH)) {
                log_str("rpmsg_echo: detach request, IPC stopped\n");
                IPCC_C2SCR = 1u << CH_DETACH;
                IPCC_C2MR &= ~(1u << CH_DETACH);
                break; /* wait for DRIVER_OK again: Linux restores the clean table on detach */
            }
            if (!p) {
                wait_for_interrupt();
            }
        }
    }
}
