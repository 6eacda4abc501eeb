/* fuzz_ladder_opts.c: the -z sipladder / -z sipcdr argument (user input on the command line). */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "sip_ladder/ladder_opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ladder_opts_spec_t specs[] = {
        { "sipladder", LADDER_OPT_CALL | LADDER_OPT_FORMAT | LADDER_OPT_TIME | LADDER_OPT_WIDTH,
          (1u << LADDER_FMT_TEXT) | (1u << LADDER_FMT_JSON) | (1u << LADDER_FMT_MERMAID) |
          (1u << LADDER_FMT_PLANTUML) | (1u << LADDER_FMT_HTML), LADDER_FMT_TEXT },
        { "sipcdr", LADDER_OPT_CALL | LADDER_OPT_FORMAT,
          (1u << LADDER_FMT_CSV) | (1u << LADDER_FMT_JSON), LADDER_FMT_CSV },
    };
    if (size < 1)
        return 0;
    const ladder_opts_spec_t *spec = &specs[data[0] & 1];
    /* the argument always starts with the tap name, as tshark passes it */
    GString *arg = g_string_new(spec->name);
    g_string_append_len(arg, (const char *)data + 1, (gssize)size - 1);
    ladder_opts_t o;
    char *err = NULL;
    memset(&o, 0, sizeof o);
    if (ladder_opts_parse(spec, arg->str, &o, &err)) {
        if (o.width && (o.width < LADDER_WIDTH_MIN || o.width > LADDER_WIDTH_MAX))
            abort();
        (void)ladder_format_str(o.format);
        ladder_opts_clear(&o);
    } else {
        if (!err || strchr(err, '\n'))
            abort();   /* errors are exactly one line */
        g_free(err);
    }
    g_free(ladder_opts_usage(spec));
    g_string_free(arg, TRUE);
    return 0;
}
