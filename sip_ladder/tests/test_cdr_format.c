/* Unit tests: cdr_format.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sip_ladder/cdr_format.h"
#include "sip_ladder/tests/ladder_fixture.h"

/* RFC 4180 reader for one record: returns the fields, advancing *p past the line end */
static GPtrArray *csv_record(const char **p)
{
    GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);
    const char *s = *p;
    gboolean quoted = FALSE;
    for (;;) {
        if (quoted) {
            if (*s == '"' && s[1] == '"') { g_string_append_c(cur, '"'); s += 2; continue; }
            if (*s == '"') { quoted = FALSE; s++; continue; }
            assert_true(*s != '\0');
            g_string_append_c(cur, *s++);
            continue;
        }
        if (*s == '"' && cur->len == 0) { quoted = TRUE; s++; continue; }
        if (*s == ',' || *s == '\n' || *s == '\0') {
            g_ptr_array_add(f, g_string_free(cur, FALSE));
            if (*s != ',') {
                if (*s == '\n')
                    s++;
                break;
            }
            cur = g_string_new(NULL);
            s++;
            continue;
        }
        g_string_append_c(cur, *s++);
    }
    *p = s;
    return f;
}

static guint ncols(void)
{
    guint n = 0;
    while (cdr_columns[n])
        n++;
    return n;
}

static int col(const char *name)
{
    for (int i = 0; cdr_columns[i]; i++)
        if (strcmp(cdr_columns[i], name) == 0)
            return i;
    fail_msg("no column %s", name);
    return -1;
}

static const char *field(GPtrArray *r, const char *name)
{
    return g_ptr_array_index(r, col(name));
}

static void csv_records(void **state)
{
    ladder_call_t *c[3] = { fixture_call_proxy_auth(), fixture_call_ipv6_busy(), fixture_call_loopback() };
    GString *out = g_string_new(NULL);
    const char *p;
    GPtrArray *h, *r;

    cdr_csv_header(out);
    for (guint i = 0; i < 3; i++)
        cdr_csv_call(out, c[i]);
    p = out->str;
    h = csv_record(&p);
    assert_int_equal(h->len, ncols());
    assert_string_equal(g_ptr_array_index(h, 0), "call");

    r = csv_record(&p);
    assert_int_equal(r->len, ncols());
    assert_string_equal(field(r, "call"), "1");
    assert_string_equal(field(r, "start"), "2026-01-01T00:00:00.000000Z");
    assert_string_equal(field(r, "caller"), "sip:alice@example.com");
    assert_string_equal(field(r, "callee"), "sip:bob@example.com");
    assert_string_equal(field(r, "outcome"), "answered");
    assert_string_equal(field(r, "final_status"), "200");
    assert_string_equal(field(r, "pdd"), "0.120");
    assert_string_equal(field(r, "setup_time"), "1.500");
    assert_string_equal(field(r, "duration"), "10.000");
    assert_string_equal(field(r, "hangup_by"), "caller");
    assert_string_equal(field(r, "codecs"), "PCMA/8000");
    assert_string_equal(field(r, "caller_media"), "192.0.2.10:40000");
    assert_string_equal(field(r, "callee_media"), "203.0.113.5:30000");
    assert_string_equal(field(r, "caller_rtp_packets"), "500");
    assert_string_equal(field(r, "caller_rtp_lost"), "2");
    assert_string_equal(field(r, "caller_rtp_jitter_ms"), "0.500");
    assert_string_equal(field(r, "callee_rtp_jitter_ms"), "1.250");
    assert_string_equal(field(r, "media_mismatch"), "1");
    assert_string_equal(field(r, "auth_valid"), "1");
    /* the auth summary holds commas: quoted, and reads back whole */
    assert_string_equal(field(r, "auth"), "1 challenge (407), 1 authorised request: valid; accepted (alice@example.com MD5)");
    g_ptr_array_free(r, TRUE);

    r = csv_record(&p);
    assert_int_equal(r->len, ncols());
    assert_string_equal(field(r, "final_reason"), "Busy Here, \"try\" again later");
    assert_string_equal(field(r, "pdd"), "");
    assert_string_equal(field(r, "caller_rtp_packets"), "");
    assert_string_equal(field(r, "retransmissions"), "2");
    assert_string_equal(field(r, "caller_sig"), "[2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:5060");
    g_ptr_array_free(r, TRUE);
    r = csv_record(&p);
    assert_int_equal(r->len, ncols());
    g_ptr_array_free(r, TRUE);
    assert_string_equal(p, "");
    g_ptr_array_free(h, TRUE);
    assert_non_null(strstr(out->str, ",\"Busy Here, \"\"try\"\" again later\","));
    for (guint i = 0; i < 3; i++)
        ladder_call_free(c[i]);
    g_string_free(out, TRUE);
}

static void csv_quoting(void **state)
{
    GString *s = g_string_new(NULL);
    cdr_csv_field(s, "plain");
    g_string_append_c(s, '|');
    cdr_csv_field(s, "a,b");
    g_string_append_c(s, '|');
    cdr_csv_field(s, "say \"hi\"");
    g_string_append_c(s, '|');
    cdr_csv_field(s, "two\nlines");
    g_string_append_c(s, '|');
    cdr_csv_field(s, NULL);
    g_string_append_c(s, '|');
    cdr_csv_field(s, "");
    assert_string_equal(s->str, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"||");
    g_string_free(s, TRUE);
}

static void json_records(void **state)
{
    ladder_call_t *c[2] = { fixture_call_proxy_auth(), fixture_call_ipv6_busy() };
    GString *out = g_string_new(NULL);
    const char *err = NULL;
    cdr_json_begin(out, NULL);
    cdr_json_call(out, c[0], TRUE);
    cdr_json_call(out, c[1], FALSE);
    cdr_json_end(out, 2);
    if (!fixture_json_valid(out->str, &err))
        fail_msg("invalid JSON at \"%.40s\"", err);
    assert_non_null(strstr(out->str, "{\"call\": 1, \"call_id\": \"a84b4c76e66710@pc33.example.com\""));
    assert_non_null(strstr(out->str, "\"pdd\": 0.120, \"setup_time\": 1.500, \"duration\": 10.000"));
    assert_non_null(strstr(out->str, "\"pdd\": null"));
    assert_non_null(strstr(out->str, "\"final_status\": 486"));
    g_string_truncate(out, 0);
    cdr_json_begin(out, "x");
    cdr_json_end(out, 0);
    assert_true(fixture_json_valid(out->str, NULL));
    for (guint i = 0; i < 2; i++)
        ladder_call_free(c[i]);
    g_string_free(out, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_records),
        cmocka_unit_test(csv_quoting),
        cmocka_unit_test(json_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
