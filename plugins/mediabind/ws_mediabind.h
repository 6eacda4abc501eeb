/* ws_mediabind.h: mediabind's epan glue shared between its own files. */
#ifndef SIPSCOPE_WS_MEDIABIND_H
#define SIPSCOPE_WS_MEDIABIND_H

#include "plugins/mediabind/media_map.h"

/* The current capture file's media map (NULL outside a file). */
const mb_map_t *mediabind_map(void);

/* `-z mediabind,streams` (tap-mediastreams.c). */
void mediabind_register_streams_tap(void);

#endif
