/* ladder_opts.h: the argument of -z sipladder / -z sipcdr:
 *
 *   sipladder[,OPTION...][,FILTER]     sipcdr[,OPTION...][,FILTER]
 *
 * OPTION is key=value (call=N, format=..., time=rel|abs|delta, width=N); the first part that is
 * not a known option starts the display filter, which runs to the end of the argument (it may
 * contain commas). Plain C (GLib only). */
#ifndef SIPSCOPE_LADDER_OPTS_H
#define SIPSCOPE_LADDER_OPTS_H

#include <glib.h>

typedef enum {
    LADDER_FMT_TEXT = 0,
    LADDER_FMT_JSON,
    LADDER_FMT_MERMAID,
    LADDER_FMT_PLANTUML,
    LADDER_FMT_HTML,
    LADDER_FMT_CSV,
    LADDER_FMT_COUNT
} ladder_format_t;

typedef enum {
    LADDER_TIME_REL = 0,   /* seconds since the first packet of the capture */
    LADDER_TIME_ABS,       /* UTC time of day */
    LADDER_TIME_DELTA      /* since the previous row of the call */
} ladder_time_t;

#define LADDER_WIDTH_DEFAULT 100
#define LADDER_WIDTH_MIN     40
#define LADDER_WIDTH_MAX     10000

/* which options a tap accepts */
#define LADDER_OPT_CALL   (1u << 0)
#define LADDER_OPT_FORMAT (1u << 1)
#define LADDER_OPT_TIME   (1u << 2)
#define LADDER_OPT_WIDTH  (1u << 3)

typedef struct {
    guint           call;      /* 0: every call */
    ladder_format_t format;
    ladder_time_t   time;
    guint           width;
    char           *filter;    /* NULL: none */
} ladder_opts_t;

typedef struct {
    const char *name;          /* "sipladder" */
    guint       options;       /* LADDER_OPT_* accepted */
    guint       formats;       /* bit (1 << ladder_format_t) per accepted format */
    ladder_format_t default_format;
} ladder_opts_spec_t;

/* Parse arg (the whole -z argument, starting with spec->name). On error returns FALSE with a
 * one-line message in *err (caller frees) and o cleared. */
gboolean ladder_opts_parse(const ladder_opts_spec_t *spec, const char *arg, ladder_opts_t *o, char **err);
void ladder_opts_clear(ladder_opts_t *o);

const char *ladder_format_str(ladder_format_t f);
/* "[,call=N][,format=text|json][,time=rel|abs|delta][,width=40..10000]" for spec (caller frees) */
char *ladder_opts_usage(const ladder_opts_spec_t *spec);

#endif
