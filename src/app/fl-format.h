/* fl-format.h: how the application writes times and marks states */
#pragma once

#include <gtk/gtk.h>

#include "fl-case.h"

G_BEGIN_DECLS

/* An ISO 8601 time from the core (UTC) in local time, "2026-03-14 14:02"; the
 * input unchanged when it is not a time, "—" for NULL. */
char *fl_format_time (const char *iso8601);

/* Colours @widget's text with one of libadwaita's tones: "accent", "success",
 * "warning", "error", "dim-label", or NULL for none. */
void  fl_format_set_tone (GtkWidget  *widget,
                          const char *tone);

/* A case state for people ("Peer review"), translated. */
const char *fl_format_case_state      (FlCaseState  state);
/* The tone (see fl_format_set_tone()) a case state is shown in. */
const char *fl_format_case_state_tone (FlCaseState  state);

G_END_DECLS
