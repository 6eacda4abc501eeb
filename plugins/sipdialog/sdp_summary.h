/* sdp_summary.h: the short codec summary of an SDP body shown in ladders and CDRs,
 * e.g. "PCMA,PCMU,telephone-event", or with several media sections
 * "audio:PCMU,PCMA video:H264" (a rejected section, port 0: "video:-"; a section without
 * RTP payload types shows its transport: "image:udptl"). Plain C (GLib only). */
#ifndef SIPSCOPE_SDP_SUMMARY_H
#define SIPSCOPE_SDP_SUMMARY_H

#include <glib.h>
#include "plugins/core/sdp_parse.h"

/* A new string (g_free), NULL when the SDP has no media section. */
char *sd_sdp_codecs(const ss_sdp_t *sdp);

#endif
