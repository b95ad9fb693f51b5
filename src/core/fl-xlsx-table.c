/* fl-xlsx-table.c: tables that read well when opened: the header stays in
 * view, every column can be filtered, dates sort as dates, and each column is
 * as wide as its content (long free text wraps in a capped width). */
#include <stdio.h>
#include <string.h>

#include "fl-xlsx-table.h"

#define TEXT_MAX_WIDTH  48.0
#define LONG_MAX_WIDTH  66.0   /* a SHA-256 in hex fits on one line */
#define DATETIME_WIDTH  19.0   /* "2026-11-23 10:42:01" */
#define DATE_WIDTH      10.0
#define FILTER_BUTTON    3.0   /* room for the filter arrow beside a header */
#define CELL_MAX_CHARS  32000
#define ROW_HEIGHT      15.0   /* points: one line of the default 11 pt font */  /* Excel keeps at most 32 767 characters in a cell */

void
fl_xlsx_formats_init (FlXlsxFormats *formats,
                      lxw_workbook  *workbook)
{
  formats->header = workbook_add_format (workbook);
  format_set_bold (formats->header);
  format_set_bg_color (formats->header, 0xD9E1F2);
  format_set_bottom (formats->header, LXW_BORDER_THIN);
  format_set_align (formats->header, LXW_ALIGN_VERTICAL_TOP);

  formats->header_number = workbook_add_format (workbook);
  format_set_bold (formats->header_number);
  format_set_bg_color (formats->header_number, 0xD9E1F2);
  format_set_bottom (formats->header_number, LXW_BORDER_THIN);
  format_set_align (formats->header_number, LXW_ALIGN_RIGHT);
  format_set_indent (formats->header_number, 1);
  format_set_align (formats->header_number, LXW_ALIGN_VERTICAL_TOP);

  formats->id = workbook_add_format (workbook);
  format_set_align (formats->id, LXW_ALIGN_LEFT);
  format_set_align (formats->id, LXW_ALIGN_VERTICAL_TOP);

  /* top-aligned throughout, so a row with wrapped text reads across */
  formats->text = workbook_add_format (workbook);
  format_set_align (formats->text, LXW_ALIGN_VERTICAL_TOP);

  formats->number = workbook_add_format (workbook);
  format_set_align (formats->number, LXW_ALIGN_VERTICAL_TOP);
  /* a gap before a text column that follows a right-aligned count */
  format_set_align (formats->number, LXW_ALIGN_RIGHT);
  format_set_indent (formats->number, 1);

  formats->title = workbook_add_format (workbook);
  format_set_bold (formats->title);
  format_set_font_size (formats->title, 14);

  formats->bold = workbook_add_format (workbook);
  format_set_bold (formats->bold);

  formats->datetime = workbook_add_format (workbook);
  format_set_num_format (formats->datetime, "yyyy-mm-dd hh:mm:ss");
  format_set_align (formats->datetime, LXW_ALIGN_LEFT);
  format_set_align (formats->datetime, LXW_ALIGN_VERTICAL_TOP);

  formats->date = workbook_add_format (workbook);
  format_set_num_format (formats->date, "yyyy-mm-dd");
  format_set_align (formats->date, LXW_ALIGN_LEFT);
  format_set_align (formats->date, LXW_ALIGN_VERTICAL_TOP);

  formats->wrap = workbook_add_format (workbook);
  format_set_text_wrap (formats->wrap);
  format_set_align (formats->wrap, LXW_ALIGN_VERTICAL_TOP);
}

static void
note_status (FlXlsxTable *table,
             lxw_error    status)
{
  if (table->status == LXW_NO_ERROR && status != LXW_NO_ERROR)
    table->status = status;
}

static void
grow (FlXlsxTable *table,
      guint        column,
      double       width)
{
  if (width > table->widths[column])
    table->widths[column] = width;
}

/* Widest line of @text, in characters. */
static double
text_width (const char *text)
{
  glong widest = 0;
  const char *line = text;

  while (line != NULL)
    {
      const char *end = strchr (line, '\n');
      glong n = end ? g_utf8_pointer_to_offset (line, end) : g_utf8_strlen (line, -1);

      widest = MAX (widest, n);
      line = end ? end + 1 : NULL;
    }
  return (double) widest;
}

void
fl_xlsx_table_begin (FlXlsxTable         *table,
                     lxw_worksheet       *sheet,
                     const FlXlsxFormats *formats,
                     const FlXlsxColumn  *columns,
                     guint                n_columns,
                     lxw_row_t            first_row)
{
  memset (table, 0, sizeof *table);
  table->sheet = sheet;
  table->formats = formats;
  table->columns = columns;
  table->n_columns = n_columns;
  table->first_row = first_row;
  table->row = first_row;
  table->widths = g_new0 (double, n_columns);

  for (guint c = 0; c < n_columns; c++)
    {
      note_status (table, worksheet_write_string (sheet, first_row, (lxw_col_t) c, columns[c].title,
                                                  columns[c].kind == FL_XLSX_NUMBER ? formats->header_number
                                                                                    : formats->header));
      grow (table, c, text_width (columns[c].title) + FILTER_BUTTON);
      if (columns[c].kind == FL_XLSX_DATETIME)
        grow (table, c, DATETIME_WIDTH);
      else if (columns[c].kind == FL_XLSX_DATE)
        grow (table, c, DATE_WIDTH);
    }
}

/* Wrapped text needs a taller row: spreadsheet programs do not all grow a
 * row on opening, so its height is set from the lines it will take. */
static void
finish_row (FlXlsxTable *table)
{
  if (table->row_lines > 1)
    note_status (table, worksheet_set_row (table->sheet, table->row, ROW_HEIGHT * table->row_lines, NULL));
  table->row_lines = 0;
}

void
fl_xlsx_table_next_row (FlXlsxTable *table)
{
  finish_row (table);
  table->row++;
}

/* Lines @text takes when wrapped at @width characters. (A column's width
 * counts digit widths; average text is narrower, which makes up for lines
 * that end early at a word.) */
static guint
wrapped_lines (const char *text,
               double      width)
{
  double usable = MAX (width, 1.0);
  guint lines = 0;
  const char *line = text;

  while (line != NULL)
    {
      const char *end = strchr (line, '\n');
      glong n = end ? g_utf8_pointer_to_offset (line, end) : g_utf8_strlen (line, -1);

      lines += MAX (1, (guint) ((double) n / usable + 0.999));
      line = end ? end + 1 : NULL;
    }
  return lines;
}

void
fl_xlsx_table_text (FlXlsxTable *table,
                    guint        column,
                    const char  *text)
{
  g_autofree char *valid = NULL;
  lxw_format *format = table->formats->text;
  double width;

  g_return_if_fail (column < table->n_columns);

  if (text == NULL || *text == '\0')
    return;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  if (g_utf8_strlen (text, -1) > CELL_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, CELL_MAX_CHARS);
      g_free (valid);
      text = valid = g_strconcat (cut, "…", NULL);
    }

  width = text_width (text);
  if (table->columns[column].kind == FL_XLSX_LONG)
    {
      format = table->formats->wrap;
      if (width > LONG_MAX_WIDTH || strchr (text, '\n') != NULL)
        table->row_lines = MAX (table->row_lines, wrapped_lines (text, LONG_MAX_WIDTH));
      width = MIN (width, LONG_MAX_WIDTH);
    }
  else
    width = MIN (width, TEXT_MAX_WIDTH);
  grow (table, column, width);
  note_status (table, worksheet_write_string (table->sheet, table->row, (lxw_col_t) column, text, format));
}

void
fl_xlsx_table_number (FlXlsxTable *table,
                      guint        column,
                      double       value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (column < table->n_columns);

  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  grow (table, column, (double) strlen (buf));
  note_status (table, worksheet_write_number (table->sheet, table->row, (lxw_col_t) column, value,
                                              table->columns[column].kind == FL_XLSX_ID ? table->formats->id
                                                                                        : table->formats->number));
}

gboolean
fl_xlsx_datetime_from_iso (const char   *iso,
                           lxw_datetime *out,
                           gboolean     *date_only)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  int y, m, d;

  if (iso == NULL)
    return FALSE;
  if (strlen (iso) == 10 && sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    {
      *out = (lxw_datetime) { y, m, d, 0, 0, 0.0 };
      *date_only = TRUE;
      return TRUE;
    }
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return FALSE;
  local = g_date_time_to_local (utc);
  *out = (lxw_datetime) {
    g_date_time_get_year (local), g_date_time_get_month (local), g_date_time_get_day_of_month (local),
    g_date_time_get_hour (local), g_date_time_get_minute (local),
    /* whole seconds: the stored microseconds would only show as rounding noise */
    (double) g_date_time_get_second (local),
  };
  *date_only = FALSE;
  return TRUE;
}

void
fl_xlsx_table_when (FlXlsxTable *table,
                    guint        column,
                    const char  *iso)
{
  lxw_datetime when;
  gboolean date_only;

  g_return_if_fail (column < table->n_columns);

  if (iso == NULL || *iso == '\0')
    return;
  if (!fl_xlsx_datetime_from_iso (iso, &when, &date_only))
    {
      fl_xlsx_table_text (table, column, iso);
      return;
    }
  if (!date_only)
    grow (table, column, DATETIME_WIDTH);
  note_status (table, worksheet_write_datetime (table->sheet, table->row, (lxw_col_t) column, &when,
                                                date_only ? table->formats->date : table->formats->datetime));
}

guint
fl_xlsx_table_end (FlXlsxTable *table,
                   gboolean     freeze_and_filter)
{
  guint rows = table->row - table->first_row;

  finish_row (table);
  for (guint c = 0; c < table->n_columns; c++)
    {
      lxw_format *format = table->columns[c].kind == FL_XLSX_LONG ? table->formats->wrap : NULL;

      /* +1.5: cell padding, so the longest value is not clipped */
      note_status (table, worksheet_set_column (table->sheet, (lxw_col_t) c, (lxw_col_t) c,
                                                table->widths[c] + 1.5, format));
    }
  if (freeze_and_filter)
    {
      worksheet_freeze_panes (table->sheet, table->first_row + 1, 0);
      note_status (table, worksheet_autofilter (table->sheet, table->first_row, 0, table->row,
                                                (lxw_col_t) (table->n_columns - 1)));
    }
  g_clear_pointer (&table->widths, g_free);
  return rows;
}

guint
fl_xlsx_table_end_into (FlXlsxTable *table,
                        double      *sheet_widths)
{
  guint rows = table->row - table->first_row;

  finish_row (table);
  for (guint c = 0; c < table->n_columns; c++)
    sheet_widths[c] = MAX (sheet_widths[c], table->widths[c]);
  g_clear_pointer (&table->widths, g_free);
  return rows;
}

lxw_error
fl_xlsx_set_widths (lxw_worksheet *sheet,
                    const double  *widths,
                    guint          n_columns)
{
  for (guint c = 0; c < n_columns; c++)
    {
      lxw_error status = worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, widths[c] + 1.5, NULL);
      if (status != LXW_NO_ERROR)
        return status;
    }
  return LXW_NO_ERROR;
}
