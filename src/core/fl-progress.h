/* fl-progress.h: progress of long core jobs (exports, backups, imports) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @fraction runs from 0.0 to 1.0; @stage is a short text for the user
 * ("Searches", "Copying images", …). Called on the thread that runs the job,
 * or, for an _async job, in the main context it was started from. */
typedef void (*FlProgressFunc) (double      fraction,
                                const char *stage,
                                gpointer    user_data);

G_END_DECLS
