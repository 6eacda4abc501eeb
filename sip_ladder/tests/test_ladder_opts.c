/* Unit tests: ladder_opts.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sip_ladder/ladder_opts.h"

static const ladder_opts_spec_t ladder = {
    "sipladder", LADDER_OPT_CALL | LADDER_OPT_FORMAT | LADDER_OPT_TIME | LADDER_OPT_WIDTH,
    (1u << LADDER_FMT_TEXT) | (1u << LADDER_FMT_JSON) | (1u << LADDER_FMT_MERMAID), LADDER_FMT_TEXT
};
static const ladder_opts_spec_t cdr = {
    "sipcdr", LADDER_OPT_CALL | LADDER_OPT_FORMAT, (1u << LADDER_FMT_CSV) | (1u << LADDER_FMT_JSON), LADDER_FMT_CSV
};

static void defaults(void **state)
{
    ladder_opts_t o;
    char *err = NULL;
    assert_true(ladder_opts_parse(&ladder, "sipladder", &o, &err));
    assert_null(err);
    assert_int_equal(o.call, 0);
    assert_int_equal(o.format, LADDER_FMT_TEXT);
    assert_int_equal(o.time, LADDER_TIME_REL);
    assert_int_equal(o.width, LADDER_WIDTH_DEFAULT);
    assert_null(o.filter);
    ladder_opts_clear(&o);
    assert_true(ladder_opts_parse(&cdr, "sipcdr,", &o, &err));
    assert_int_equal(o.format, LADDER_FMT_CSV);
    assert_null(o.filter);
    ladder_opts_clear(&o);
}

static void options_then_filter(void **state)
{
    ladder_opts_t o;
    char *err = NULL;
    assert_true(ladder_opts_parse(&ladder, "sipladder,call=12,format=json,time=delta,width=132,sip.Method == \"INVITE\"",
                                  &o, &err));
    assert_int_equal(o.call, 12);
    assert_int_equal(o.format, LADDER_FMT_JSON);
    assert_int_equal(o.time, LADDER_TIME_DELTA);
    assert_int_equal(o.width, 132);
    assert_string_equal(o.filter, "sip.Method == \"INVITE\"");
    ladder_opts_clear(&o);
    /* a filter with commas is kept whole; options after the filter are part of it */
    assert_true(ladder_opts_parse(&ladder, "sipladder,time=abs,sip.Call-ID contains \"a,b\",call=1", &o, &err));
    assert_int_equal(o.time, LADDER_TIME_ABS);
    assert_string_equal(o.filter, "sip.Call-ID contains \"a,b\",call=1");
    ladder_opts_clear(&o);
    /* a filter alone, an == comparison that starts like an option */
    assert_true(ladder_opts_parse(&ladder, "sipladder,call==1", &o, &err));
    assert_int_equal(o.call, 0);
    assert_string_equal(o.filter, "call==1");
    ladder_opts_clear(&o);
    assert_true(ladder_opts_parse(&ladder, "sipladder,  sipdialog.outcome == \"busy\"  ", &o, &err));
    assert_string_equal(o.filter, "sipdialog.outcome == \"busy\"");
    ladder_opts_clear(&o);
    assert_true(ladder_opts_parse(&ladder, "sipladder,,call=3,", &o, &err));
    assert_int_equal(o.call, 3);
    assert_null(o.filter);
    ladder_opts_clear(&o);
    assert_true(ladder_opts_parse(&cdr, "sipcdr,format=json,call=2", &o, &err));
    assert_int_equal(o.format, LADDER_FMT_JSON);
    assert_int_equal(o.call, 2);
    ladder_opts_clear(&o);
}

static void expect_error(const ladder_opts_spec_t *spec, const char *arg, const char *needle)
{
    ladder_opts_t o;
    char *err = NULL;
    assert_false(ladder_opts_parse(spec, arg, &o, &err));
    assert_non_null(err);
    if (!strstr(err, needle))
        fail_msg("error \"%s\" does not mention \"%s\"", err, needle);
    assert_null(strchr(err, '\n'));   /* one line */
    assert_null(o.filter);
    g_free(err);
}

static void errors(void **state)
{
    expect_error(&ladder, "sipladderx", "invalid argument 'sipladderx'");
    expect_error(&ladder, "sipladder,call=0", "call=0 is not a call number");
    expect_error(&ladder, "sipladder,call=-1", "call=-1");
    expect_error(&ladder, "sipladder,call=99999999999", "call=99999999999");
    expect_error(&ladder, "sipladder,call=", "call= is not");
    expect_error(&ladder, "sipladder,format=xml", "format=xml is not a known format");
    expect_error(&ladder, "sipladder,format=csv", "format=csv");   /* a CDR format */
    expect_error(&ladder, "sipladder,time=local", "time=local is not rel, abs or delta");
    expect_error(&ladder, "sipladder,width=10", "width=10 is not a width between 40 and 10000");
    expect_error(&ladder, "sipladder,width=1e3", "width=1e3");
    expect_error(&ladder, "sipladder,colour=yes", "unknown option 'colour'");
    expect_error(&cdr, "sipcdr,width=80", "unknown option 'width'");
    expect_error(&cdr, "sipcdr,format=text", "format=text");
    expect_error(&ladder, NULL, "invalid argument");
    /* user text in an error stays on one line */
    expect_error(&ladder, "sipladder\n", "invalid argument 'sipladder\\x0A'");
    expect_error(&ladder, "sipladder,time=a\rb", "time=a\\x0Db is not");
}

static void usage(void **state)
{
    char *u = ladder_opts_usage(&ladder);
    assert_string_equal(u, "[,call=N][,format=text|json|mermaid][,time=rel|abs|delta][,width=40..10000]");
    g_free(u);
    u = ladder_opts_usage(&cdr);
    assert_string_equal(u, "[,call=N][,format=json|csv]");
    g_free(u);
    assert_string_equal(ladder_format_str(LADDER_FMT_PLANTUML), "plantuml");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(options_then_filter),
        cmocka_unit_test(errors),
        cmocka_unit_test(usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
