/* fl-cli.h: shared pieces of faceleads-cli's command groups */
#pragma once

#include "fl-accounts.h"
#include "fl-audit.h"
#include "fl-db.h"
#include "fl-settings.h"

G_BEGIN_DECLS

typedef struct
{
  FlDb       *db;
  const char *user;      /* --user or FACELEADS_USER */
  const char *data_dir;  /* the data folder (db is NULL for a group that must not open it) */
} FlCli;

/* A command group: argv[0] is the group name ("user", "audit", …). Returns the exit status. */
typedef int (*FlCliGroup) (FlCli *cli, int argc, char **argv);

/* Signs in --user with FACELEADS_PASSWORD or a password read from the terminal. */
FlSession *fl_cli_login          (FlCli       *cli,
                                  GError     **error);
char      *fl_cli_read_password  (const char  *prompt,
                                  GError     **error);
int        fl_cli_fail           (GError      *error);
int        fl_cli_usage          (const char  *usage);
/* Parses "--name value" / "--name=value" options out of argv (in place) into the table. */
gboolean   fl_cli_parse          (int         *argc,
                                  char      ***argv,
                                  GOptionEntry *entries,
                                  const char  *summary,
                                  GError     **error);

int fl_cli_user_main  (FlCli *cli, int argc, char **argv);
int fl_cli_unit_main  (FlCli *cli, int argc, char **argv);
int fl_cli_audit_main (FlCli *cli, int argc, char **argv);
int fl_cli_audit_export (FlCli *cli, int argc, char **argv);
int fl_cli_backup_main (FlCli *cli, int argc, char **argv);
int fl_cli_restore_main (FlCli *cli, int argc, char **argv);
int fl_cli_seal_main (FlCli *cli, int argc, char **argv);
int fl_cli_retention_main (FlCli *cli, int argc, char **argv);
int fl_cli_request_main (FlCli *cli, int argc, char **argv);
int fl_cli_case_main (FlCli *cli, int argc, char **argv);
int fl_cli_gallery_main (FlCli *cli, int argc, char **argv);
int fl_cli_search_main (FlCli *cli, int argc, char **argv);
int fl_cli_report_main (FlCli *cli, int argc, char **argv);
int fl_cli_request_form_main (FlCli *cli, int argc, char **argv);
int fl_cli_release_main (FlCli *cli, int argc, char **argv);
int fl_cli_outcome_main (FlCli *cli, int argc, char **argv);
/* `seal subject ID --notice REF --date YYYY-MM-DD` (argv[0] is "subject"), dispatched by `seal`. */
int fl_cli_seal_subject (FlCli *cli, int argc, char **argv);

G_END_DECLS
