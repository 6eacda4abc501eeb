/* Unit tests: call_registry.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "plugins/core/call_registry.h"

static void numbers_in_order_of_appearance(void **state)
{
    ss_call_registry_t *r = ss_call_registry_new();
    gboolean is_new = FALSE;

    assert_int_equal(ss_call_registry_get(r, "b@host", &is_new), 1);
    assert_true(is_new);
    assert_int_equal(ss_call_registry_get(r, "a@host", &is_new), 2);
    assert_int_equal(ss_call_registry_get(r, "b@host", &is_new), 1);
    assert_false(is_new);
    assert_int_equal(ss_call_registry_find(r, "a@host"), 2);
    assert_int_equal(ss_call_registry_find(r, "c@host"), 0);
    assert_string_equal(ss_call_registry_call_id(r, 2), "a@host");
    assert_null(ss_call_registry_call_id(r, 3));
    assert_int_equal(ss_call_registry_count(r), 2);
    ss_call_registry_free(r);
}

static void empty_call_id_has_no_number(void **state)
{
    ss_call_registry_t *r = ss_call_registry_new();
    assert_int_equal(ss_call_registry_get(r, "", NULL), 0);
    assert_int_equal(ss_call_registry_get(r, NULL, NULL), 0);
    assert_int_equal(ss_call_registry_count(r), 0);
    ss_call_registry_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_in_order_of_appearance),
        cmocka_unit_test(empty_call_id_has_no_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
