/* fl-store.h: content-addressed image store beside the database
 * (images/ab/abcdef….ext, named by SHA-256, written once, never modified) */
#pragma once

#include "fl-db.h"

G_BEGIN_DECLS

/* Stores @bytes (if not already there) and returns its SHA-256 in hex.
 * @ext is the file extension without a dot ("jpg", "png", "pdf"). */
char     *fl_store_put      (FlDb        *db,
                             GBytes      *bytes,
                             const char  *ext,
                             GError     **error);
char     *fl_store_put_file (FlDb        *db,
                             const char  *path,
                             char       **out_ext,
                             GError     **error);
/* Reads the bytes back and checks they still hash to @hash. */
GBytes   *fl_store_get      (FlDb        *db,
                             const char  *hash,
                             GError     **error);
char     *fl_store_get_path (FlDb        *db,
                             const char  *hash,
                             GError     **error);
gboolean  fl_store_has      (FlDb        *db,
                             const char  *hash);
/* Removes the file for a seal/destroy notice; the blobs row keeps the hash
 * and the purge date so the audit trail still resolves. */
gboolean  fl_store_purge    (FlDb        *db,
                             const char  *hash,
                             GError     **error);
char     *fl_sha256_bytes   (GBytes      *bytes);
/* Removes temporary files a killed process left in the store (older than an hour). */
guint     fl_store_sweep_temporary (FlDb  *db);
/* Guesses an extension from the first bytes ("jpg", "png", …, or "bin"). */
const char *fl_store_sniff_ext (GBytes   *bytes);

G_END_DECLS
