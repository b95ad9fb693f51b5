/* fl-import-dialog.h: imports booking photos into a gallery from a CSV manifest, with progress, Cancel and the report */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"
#include "fl-gallery.h"

G_BEGIN_DECLS

typedef enum
{
  FL_IMPORT_DIALOG_SETUP,      /* choosing the manifest */
  FL_IMPORT_DIALOG_RUNNING,
  FL_IMPORT_DIALOG_STOPPING,   /* Cancel pressed, waiting for the importer to stop */
  FL_IMPORT_DIALOG_CANCELLED,  /* stopped; what was recorded is kept */
  FL_IMPORT_DIALOG_FAILED,     /* the core refused or stopped (e.g. a bad header row) */
  FL_IMPORT_DIALOG_DONE,       /* every line recorded: the report is shown */
} FlImportDialogState;

#define FL_TYPE_IMPORT_DIALOG (fl_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlImportDialog, fl_import_dialog, FL, IMPORT_DIALOG, AdwWindow)

/* Emits "progress" (lines recorded, lines in the manifest) while importing
 * and "finished" (an FlImportDialogState) whenever a run ends. */
GtkWidget            *fl_import_dialog_new             (GtkWindow       *parent,
                                                        FlSession       *session,
                                                        gint64           gallery_id);
/* What the file chooser does with the file picked. */
void                  fl_import_dialog_set_manifest    (FlImportDialog  *self,
                                                        const char      *path);
const char           *fl_import_dialog_get_manifest    (FlImportDialog  *self);
/* Starts (or resumes) the import in a worker thread; FALSE with the reason
 * shown when there is no manifest or one is running already. */
gboolean              fl_import_dialog_start           (FlImportDialog  *self);
/* Stops the import: what was recorded stays, and importing the same
 * manifest again finishes the rest. */
void                  fl_import_dialog_cancel          (FlImportDialog  *self);
FlImportDialogState   fl_import_dialog_get_state       (FlImportDialog  *self);
/* The progress bar's text, e.g. "120 of 457 photos". */
const char           *fl_import_dialog_get_progress_text (FlImportDialog *self);
/* The message shown after a cancel or a failure, else NULL. */
const char           *fl_import_dialog_get_message     (FlImportDialog  *self);

/* The core's report of the finished import, or NULL. */
const FlImportReport *fl_import_dialog_get_report      (FlImportDialog  *self);
/* The count shown for @status in the report. */
const char           *fl_import_dialog_get_count_text  (FlImportDialog  *self,
                                                        FlImportStatus   status);
/* Rows in the list of problem lines. */
guint                 fl_import_dialog_get_n_problem_rows (FlImportDialog *self);
/* The report as plain text (what Copy and Save write). */
char                 *fl_import_dialog_get_report_text (FlImportDialog  *self);
gboolean              fl_import_dialog_save_report     (FlImportDialog  *self,
                                                        const char      *path,
                                                        GError         **error);

/* Status names for people, translated ("No face found", …). */
const char           *fl_import_dialog_status_label    (FlImportStatus   status);

G_END_DECLS
