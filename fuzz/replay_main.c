/* replay_main.c: runs a fuzz harness over every file in the directories given on the command
 * line (regression crashers and the seed corpus), without libFuzzer. A crash or sanitizer
 * report fails the ctest that runs it. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    guint n = 0;
    for (int i = 1; i < argc; i++) {
        GDir *d = g_dir_open(argv[i], 0, NULL);
        const char *name;
        if (!d)
            continue;     /* a harness may have no regressions yet */
        while ((name = g_dir_read_name(d)) != NULL) {
            char *path = g_build_filename(argv[i], name, NULL);
            gchar *buf = NULL;
            gsize len = 0;
            if (g_file_get_contents(path, &buf, &len, NULL)) {
                LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
                n++;
            }
            g_free(buf);
            g_free(path);
        }
        g_dir_close(d);
    }
    printf("replayed %u inputs\n", n);
    return 0;
}
