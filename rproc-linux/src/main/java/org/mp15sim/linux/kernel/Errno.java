package org.mp15sim.linux.kernel;

/** Linux errno values the models return, with their names and the strings a shell would print. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ENODATA = 61;
    public static final int ETIME = 62;
    public static final int EPROTO = 71;
    public static final int EBADMSG = 74;
    public static final int EOVERFLOW = 75;
    public static final int ENOTSUPP = 524;
    public static final int EOPNOTSUPP = 95;
    public static final int ETIMEDOUT = 110;
    public static final int EALREADY = 114;
    public static final int EPROBE_DEFER = 517;

    private Errno() {}

    /** {@code EBUSY} for 16, or {@code E<n>} for values without a name here. */
    public static String name(int errno) {
        int e = Math.abs(errno);
        return switch (e) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case ENXIO -> "ENXIO";
            case E2BIG -> "E2BIG";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case EPIPE -> "EPIPE";
            case ERANGE -> "ERANGE";
            case ENOSYS -> "ENOSYS";
            case ENODATA -> "ENODATA";
            case ETIME -> "ETIME";
            case EPROTO -> "EPROTO";
            case EBADMSG -> "EBADMSG";
            case EOVERFLOW -> "EOVERFLOW";
            case ENOTSUPP -> "ENOTSUPP";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ETIMEDOUT -> "ETIMEDOUT";
            case EALREADY -> "EALREADY";
            case EPROBE_DEFER -> "EPROBE_DEFER";
            default -> "E" + e;
        };
    }

    /** Parses {@code EBUSY} (or a number) back to the positive errno value. */
    public static int parse(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT);
        if (n.startsWith("-")) n = n.substring(1);
        if (!n.isEmpty() && Character.isDigit(n.charAt(0))) return Integer.parseInt(n);
        for (int e = 1; e < 600; e++) if (name(e).equals(n)) return e;
        throw new IllegalArgumentException("unknown errno name '" + name + "'");
    }

    /** What strerror() says, as a shell shows after a failed {@code echo}. */
    public static String describe(int errno) {
        return switch (Math.abs(errno)) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case EIO -> "Input/output error";
            case ENOMEM -> "Cannot allocate memory";
            case EBUSY -> "Device or resource busy";
            case ENODEV -> "No such device";
            case EINVAL -> "Invalid argument";
            case ETIME -> "Timer expired";
            case ETIMEDOUT -> "Connection timed out";
            case ENOSYS -> "Function not implemented";
            case EOPNOTSUPP -> "Operation not supported";
            case EPROBE_DEFER -> "Unknown error 517";
            default -> name(errno);
        };
    }
}
