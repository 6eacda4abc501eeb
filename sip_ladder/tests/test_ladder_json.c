/* Unit tests: ladder_json.c, json_out.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "sip_ladder/ladder_render.h"
#include "sip_ladder/json_out.h"
#include "sip_ladder/tests/ladder_fixture.h"

static void assert_json(const char *s)
{
    const char *err = NULL;
    if (!fixture_json_valid(s, &err))
        fail_msg("invalid JSON at offset %ld: \"%.40s\"", (long)(err - s), err);
}

static void all_fixtures_parse(void **state)
{
    ladder_call_t *c[3] = { fixture_call_proxy_auth(), fixture_call_ipv6_busy(), fixture_call_loopback() };
    GString *out = g_string_new(NULL);
    ladder_json_begin(out, "sipladder", "sip.Method == \"INVITE\"");
    for (guint i = 0; i < 3; i++)
        ladder_json_call(out, c[i], i == 0, FIX_T0);
    ladder_json_end(out, 3, NULL, FIX_T0);
    assert_json(out->str);
    /* escaped quotes in the filter and in a reason phrase */
    assert_non_null(strstr(out->str, "\"filter\": \"sip.Method == \\\"INVITE\\\"\""));
    assert_non_null(strstr(out->str, "\"reason\": \"Busy Here, \\\"try\\\" again later\""));
    /* sharkd voip-calls and voip-convs keys */
    assert_non_null(strstr(out->str, "\"initial_speaker\": \"192.0.2.10\""));
    assert_non_null(strstr(out->str, "{\"frame\": 1, \"call\": 1, \"time\": 0.000000, "));
    assert_non_null(strstr(out->str, "\"src_addr\": \"2001:db8:aaaa:bbbb:cccc:dddd:eeee:1\", \"src_port\": 5060"));
    assert_non_null(strstr(out->str, "\"label\": \"RTP PCMA/8000\", \"comment\": \"callee->caller 498 pkts"));
    for (guint i = 0; i < 3; i++)
        ladder_call_free(c[i]);
    g_string_free(out, TRUE);
}

static void empty_list(void **state)
{
    GString *out = g_string_new(NULL);
    ladder_json_begin(out, "sipladder", NULL);
    ladder_json_end(out, 0, NULL, FIX_T0);
    assert_string_equal(out->str, "{\n  \"tap\": \"sipladder\",\n  \"filter\": null,\n  \"calls\": []\n}\n");
    assert_json(out->str);
    g_string_free(out, TRUE);
}

/* every text row (frame, label, notes) is a JSON row, in the same order */
static void same_rows_as_text(void **state)
{
    ladder_call_t *c = fixture_call_proxy_auth();
    GString *js = g_string_new(NULL);
    const char *p;
    ladder_json_call(js, c, TRUE, FIX_T0);
    p = js->str;
    for (guint i = 0; i < c->rows->len; i++) {
        const ladder_row_t *r = g_ptr_array_index(c->rows, i);
        char *want = g_strdup_printf("{\"frame\": %u, \"call\": 1, ", r->frame);
        char *label = g_strdup_printf("\"label\": \"%s\"", r->label);
        const char *hit = strstr(p, want);
        assert_non_null(hit);
        assert_non_null(strstr(hit, label));
        p = hit + 1;
        g_free(want);
        g_free(label);
    }
    ladder_call_free(c);
    g_string_free(js, TRUE);
}

static void writer(void **state)
{
    GString *s = g_string_new(NULL);
    json_str(s, "a\"b\\c\n\x01\xff\xc3\xa9");
    assert_string_equal(s->str, "\"a\\\"b\\\\c\\n\\u0001\\u00ff\xc3\xa9\"");
    g_string_truncate(s, 0);
    json_str(s, NULL);
    assert_string_equal(s->str, "null");
    g_string_truncate(s, 0);
    json_fixed(s, 1.23456789, 3);
    g_string_append_c(s, ' ');
    json_fixed(s, -0.0001, 3);
    g_string_append_c(s, ' ');
    json_fixed(s, NAN, 3);
    g_string_append_c(s, ' ');
    json_fixed(s, -2.5, 1);
    assert_string_equal(s->str, "1.235 0.000 null -2.5");
    g_string_free(s, TRUE);
}

static void checker_rejects_bad_json(void **state)
{
    assert_false(fixture_json_valid("{\"a\": 1,}", NULL));
    assert_false(fixture_json_valid("{\"a\": 01}", NULL));
    assert_false(fixture_json_valid("[1] [2]", NULL));
    assert_false(fixture_json_valid("\"\x01\"", NULL));
    assert_true(fixture_json_valid(" {\"a\": [1.5, -2, true, null, \"\\u00e9\"]} ", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_fixtures_parse),
        cmocka_unit_test(empty_list),
        cmocka_unit_test(same_rows_as_text),
        cmocka_unit_test(writer),
        cmocka_unit_test(checker_rejects_bad_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
