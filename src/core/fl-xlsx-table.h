/* fl-xlsx-table.h: one table per worksheet (bold frozen header, filters,
 * real date cells, widths fitted to the content), over libxlsxwriter */
#pragma once

#include <glib.h>
#include <xlsxwriter.h>

G_BEGIN_DECLS

typedef enum
{
  FL_XLSX_TEXT,      /* one line, width fitted */
  FL_XLSX_LONG,      /* free text: wrapped in a capped width */
  FL_XLSX_NUMBER,    /* a count: right-aligned, and so is its header */
  FL_XLSX_ID,        /* a record number: left-aligned, reads as a label */
  FL_XLSX_DATETIME,  /* ISO 8601 (UTC) in, local date and time out */
  FL_XLSX_DATE,      /* YYYY-MM-DD */
} FlXlsxKind;

typedef struct
{
  const char *title;
  FlXlsxKind  kind;
} FlXlsxColumn;

typedef struct
{
  lxw_format *header;
  lxw_format *header_number;
  lxw_format *id;
  lxw_format *text;
  lxw_format *number;
  lxw_format *title;
  lxw_format *bold;
  lxw_format *datetime;
  lxw_format *date;
  lxw_format *wrap;
} FlXlsxFormats;

typedef struct
{
  lxw_worksheet      *sheet;
  const FlXlsxFormats *formats;
  const FlXlsxColumn *columns;
  guint               n_columns;
  lxw_row_t           row;       /* the row being written */
  lxw_row_t           first_row; /* the header row */
  double             *widths;
  guint               row_lines; /* lines of wrapped text in the row being written */
  lxw_error           status;    /* first libxlsxwriter error, LXW_NO_ERROR while all is well */
} FlXlsxTable;

void     fl_xlsx_formats_init   (FlXlsxFormats      *formats,
                                 lxw_workbook       *workbook);

/* Writes the header row at @first_row; data follows on the next rows. */
void     fl_xlsx_table_begin    (FlXlsxTable        *table,
                                 lxw_worksheet      *sheet,
                                 const FlXlsxFormats *formats,
                                 const FlXlsxColumn *columns,
                                 guint               n_columns,
                                 lxw_row_t           first_row);
/* Starts the next data row. */
void     fl_xlsx_table_next_row (FlXlsxTable        *table);
/* Each writer takes the column index; NULL text leaves the cell empty. */
void     fl_xlsx_table_text     (FlXlsxTable        *table,
                                 guint               column,
                                 const char         *text);
void     fl_xlsx_table_number   (FlXlsxTable        *table,
                                 guint               column,
                                 double              value);
/* Writes a date cell from an ISO 8601 text (date, or date and time in UTC),
 * the text itself when it cannot be read as one. */
void     fl_xlsx_table_when     (FlXlsxTable        *table,
                                 guint               column,
                                 const char         *iso);
/* Fits the widths; with @freeze_and_filter, freezes the header row and adds
 * filters over the table. Returns the number of data rows. */
guint    fl_xlsx_table_end      (FlXlsxTable        *table,
                                 gboolean            freeze_and_filter);

/* For several tables on one sheet: merges this table's widths into
 * @sheet_widths (at least n_columns long); set them with fl_xlsx_set_widths(). */
guint    fl_xlsx_table_end_into (FlXlsxTable        *table,
                                 double             *sheet_widths);
lxw_error fl_xlsx_set_widths    (lxw_worksheet      *sheet,
                                 const double       *widths,
                                 guint               n_columns);

/* ISO 8601 UTC → the workstation's local time as an Excel date; FALSE when unreadable. */
gboolean fl_xlsx_datetime_from_iso (const char      *iso,
                                    lxw_datetime    *out,
                                    gboolean        *date_only);

G_END_DECLS
