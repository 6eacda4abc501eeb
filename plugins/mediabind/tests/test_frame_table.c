/* Unit tests: frame_table.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "plugins/mediabind/frame_table.h"

static void set_get_sparse(void **state)
{
    mb_frame_table_t *t = mb_frame_table_new();
    assert_int_equal(mb_frame_table_get(t, 1), 0);
    assert_int_equal(mb_frame_table_memory(t), 0);
    mb_frame_table_set(t, 1, 0x1000);
    mb_frame_table_set(t, 2, 0x2008);
    mb_frame_table_set(t, 4000000, 0x3000);
    mb_frame_table_set(t, G_MAXUINT32, 0x4000);
    assert_int_equal(mb_frame_table_get(t, 1), 0x1000);
    assert_int_equal(mb_frame_table_get(t, 2), 0x2008);
    assert_int_equal(mb_frame_table_get(t, 3), 0);
    assert_int_equal(mb_frame_table_get(t, 4000000), 0x3000);
    assert_int_equal(mb_frame_table_get(t, 4000001), 0);
    assert_int_equal(mb_frame_table_get(t, G_MAXUINT32), 0x4000);
    assert_int_equal(mb_frame_table_get(NULL, 1), 0);
    /* clearing in a page that does not exist allocates nothing */
    mb_frame_table_set(t, 100000000, 0);
    assert_int_equal(mb_frame_table_get(t, 100000000), 0);
    mb_frame_table_free(t);
    mb_frame_table_free(NULL);
}

static void dense_cost_is_a_pointer_per_frame(void **state)
{
    mb_frame_table_t *t = mb_frame_table_new();
    for (guint32 f = 1; f <= 1000000; f++)
        mb_frame_table_set(t, f, (guintptr)f << 3);
    for (guint32 f = 1; f <= 1000000; f += 997)
        assert_int_equal(mb_frame_table_get(t, f), (guintptr)f << 3);
    /* pages plus a small directory: about sizeof(pointer) per frame */
    assert_true(mb_frame_table_memory(t) < 1000000 * sizeof(guintptr) * 103 / 100);
    mb_frame_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_get_sparse),
        cmocka_unit_test(dense_cost_is_a_pointer_per_frame),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
