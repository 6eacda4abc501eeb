/* tshark_args.c: see tshark_args.h. */
#include <string.h>

#include "plugins/core/tshark_args.h"

/* tshark 4.0's short options that take an argument (tshark.c OPTSTRING with the capture and
 * dissection option strings it includes). */
static const char short_with_arg[] = "aAbBcfisydKNtuMCeEFGHjJoOrRSTUwWXYz";

/* Its long options with a required argument, and the logging options every Wireshark program
 * takes (--log-level X, ...). */
static const char *const long_with_arg[] = {
    "autostop", "buffer-size", "capture-comment", "compress-type", "disable-heuristic",
    "disable-protocol", "elastic-mapping-filter", "enable-heuristic", "enable-protocol",
    "export-objects", "export-tls-session-keys", "hexdump", "interface", "linktype",
    "ring-buffer", "selected-frame", "snapshot-length", "temp-dir", "time-stamp-type",
};

static gboolean long_takes_arg(const char *name)
{
    if (strchr(name, '='))
        return FALSE;                   /* --name=value: the value is in this word */
    if (g_str_has_prefix(name, "log-"))
        return TRUE;
    for (gsize i = 0; i < G_N_ELEMENTS(long_with_arg); i++)
        if (strcmp(name, long_with_arg[i]) == 0)
            return TRUE;
    return FALSE;
}

/* Walks tshark's options as its getopt_long would; TRUE as soon as want(option, argument) does
 * (argument NULL for options without one, the long name without "--" for long options). */
static gboolean scan(int argc, char *const *argv, gboolean (*want)(char opt, const char *arg))
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!a || a[0] != '-' || a[1] == '\0')
            return FALSE;               /* the first operand (a capture filter) ends the options */
        if (a[1] == '-') {
            if (a[2] == '\0')
                return FALSE;           /* "--" */
            if (long_takes_arg(a + 2))
                i++;
            continue;
        }
        for (const char *c = a + 1; *c; c++) {
            if (strchr(short_with_arg, *c)) {
                /* "-rfile": the rest of this word is the argument; "-r file": the next word */
                const char *arg = c[1] != '\0' ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (want(*c, arg))
                    return TRUE;
                break;
            }
            if (want(*c, NULL))
                return TRUE;
        }
    }
    return FALSE;
}

static gboolean is_two_pass(char opt, const char *arg)
{
    (void)arg;
    return opt == '2';
}

static gboolean is_expert_tap(char opt, const char *arg)
{
    return opt == 'z' && arg && strncmp(arg, "expert", 6) == 0 && (arg[6] == '\0' || arg[6] == ',');
}

gboolean ss_tshark_two_pass(int argc, char *const *argv)
{
    return scan(argc, argv, is_two_pass);
}

gboolean ss_tshark_expert_tap(int argc, char *const *argv)
{
    return scan(argc, argv, is_expert_tap);
}
