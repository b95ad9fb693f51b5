/* fl-matcher.cpp: the matcher behind fl-matcher.h (OpenCV + dlib)
 *
 * Pipeline: decode (header checked first) → dlib HOG detection (×2 upsampled retry) →
 * SSD MobileNet v1 for faces HOG misses → dlib 68 landmarks → 150×150 chip in dlib's
 * face-chip convention → 128-D ResNet descriptor → L2 normalisation.
 *
 * The descriptor network is dlib's ResNet rebuilt in OpenCV DNN from the weights of the
 * npm package @vladmandic/face-api: 8 ms per face against 145 ms for dlib's own DNN with
 * Debian's reference BLAS, for the same 128 numbers (tests/test-parity checks them).
 */
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>
#include <opencv2/quality/qualitybrisque.hpp>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>
#include <dlib/opencv.h>
#include <dlib/revision.h>

#include <glib/gstdio.h>

#include "fl-matcher.h"

/* ------------------------------------------------------------------------------------ */
/* Model files                                                                          */

#define FACE_API_PACKAGE "face-api@1.7.15"

/* Must agree with build-aux/models.sha256 (build-aux/fetch-models checks the same files). */
static const char RECOGNITION_BIN[] = "face_recognition_model.bin";
static const char RECOGNITION_BIN_SHA256[] =
  "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589";
static const char RECOGNITION_MANIFEST[] = "face_recognition_model-weights_manifest.json";
static const char RECOGNITION_MANIFEST_SHA256[] =
  "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b";
static const char SSD_BIN[] = "ssd_mobilenetv1_model.bin";
static const char SSD_BIN_SHA256[] =
  "2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8";
static const char SSD_MANIFEST[] = "ssd_mobilenetv1_model-weights_manifest.json";
static const char SSD_MANIFEST_SHA256[] =
  "888f744dffbc84f5f060d1f8427d9742341943a2dfaaf9205d10029b7e7a2955";

/* From Debian's libdlib-data. 97 MB: hashing it would add ~0.3 s to every start, so the
 * size is checked instead and dlib's deserialiser rejects a damaged file. */
static const char LANDMARKS_DAT[] = "shape_predictor_68_face_landmarks.dat";
static const goffset LANDMARKS_DAT_SIZE = 99693937;
static const char LANDMARKS_SYSTEM_DIR[] = "/usr/share/dlib";

/* From Debian's opencv-data. */
static const char BRISQUE_MODEL[] = "/usr/share/opencv4/quality/brisque_model_live.yml";
static const char BRISQUE_RANGE[] = "/usr/share/opencv4/quality/brisque_range_live.yml";

static const char SETUP_HINT[] = "Run build-aux/setup run to install the pinned model files "
                                 "(or set FACELEADS_MODEL_DIR to the folder that holds them).";

/* ------------------------------------------------------------------------------------ */
/* Errors: thrown inside, turned into a GError at the C boundary                         */

namespace {

struct Failure : std::runtime_error
{
  FlError code;
  Failure (FlError c, const std::string &message) : std::runtime_error (message), code (c) {}
};

} /* namespace */

[[noreturn]] static void fail (FlError code, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
fail (FlError code, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  throw Failure (code, message);
}

/* Call only from inside a catch block. */
static void
set_error_from_exception (GError **error)
{
  try
    {
      throw;
    }
  catch (const Failure &f)
    {
      g_set_error_literal (error, FL_ERROR, f.code, f.what ());
    }
  catch (const std::bad_alloc &)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_FAILED,
                           "Out of memory in the face matcher: close other programs or use a smaller image.");
    }
  catch (const cv::Exception &e)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FAILED,
                   "The face matcher failed in OpenCV (%s): report this with the image that caused it.",
                   e.err.c_str ());
    }
  catch (const std::exception &e)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FAILED,
                   "The face matcher failed (%s): report this with the image that caused it.", e.what ());
    }
  catch (...)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_FAILED,
                           "The face matcher failed for an unknown reason: report this with the image that caused it.");
    }
}

/* ------------------------------------------------------------------------------------ */
/* Pools: OpenCV's Net and dlib's HOG detector keep per-call state, so every concurrent  */
/* caller borrows its own instance; instances are made on demand and reused.             */

namespace {

template <typename T>
class Pool
{
public:
  using Factory = std::function<std::unique_ptr<T> ()>;

  class Lease
  {
  public:
    Lease (Pool *pool, std::unique_ptr<T> item) : pool_ (pool), item_ (std::move (item)) {}
    Lease (const Lease &) = delete;
    Lease &operator= (const Lease &) = delete;
    ~Lease () { pool_->give_back (std::move (item_)); }
    T &operator* () { return *item_; }
    T *operator-> () { return item_.get (); }

  private:
    Pool *pool_;
    std::unique_ptr<T> item_;
  };

  void set_factory (Factory factory) { factory_ = std::move (factory); }

  std::unique_ptr<Lease> borrow ()
  {
    std::unique_ptr<T> item;
    {
      std::lock_guard<std::mutex> lock (mutex_);
      if (!free_.empty ())
        {
          item = std::move (free_.back ());
          free_.pop_back ();
        }
    }
    if (!item)
      item = factory_ ();
    return std::make_unique<Lease> (this, std::move (item));
  }

private:
  void give_back (std::unique_ptr<T> item)
  {
    std::lock_guard<std::mutex> lock (mutex_);
    free_.push_back (std::move (item));
  }

  Factory factory_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<T>> free_;
};

/* A tensor of the TF.js weights manifest, dequantised to float. */
struct Tensor
{
  std::vector<int> shape;
  std::vector<float> data;
};

using WeightMap = std::map<std::string, Tensor>;

struct Brisque
{
  cv::Ptr<cv::quality::QualityBRISQUE> model;
};

} /* namespace */

/* ------------------------------------------------------------------------------------ */
/* Opaque types                                                                         */

struct _FlMatcher
{
  gatomicrefcount ref_count;

  std::string recognition_bin, recognition_manifest;
  std::string ssd_bin, ssd_manifest;
  std::string landmarks_path;
  std::string model_id;

  /* Loaded on first use, each under its own lock so a slow load does not hold the others. */
  std::mutex recognition_mutex, ssd_mutex, landmarks_mutex;
  std::shared_ptr<const WeightMap> recognition_weights;
  std::shared_ptr<const WeightMap> ssd_weights;
  std::unique_ptr<dlib::shape_predictor> landmarks;

  Pool<cv::dnn::Net> recognition_nets;
  Pool<cv::dnn::Net> ssd_nets;
  Pool<dlib::frontal_face_detector> hog_detectors;
  Pool<Brisque> brisque;
};

struct _FlImage
{
  cv::Mat bgr;   /* 8-bit BGR, EXIF orientation applied */
  cv::Mat gray;  /* 8-bit grey of the same */
  std::string format;
};

/* Plain data: copied with g_memdup2. */
struct _FlFace
{
  FlDetector detector;
  double confidence;
  FlRect box;
  guint n_landmarks;
  FlPoint landmarks[FL_N_LANDMARKS];
  FlPoint eyes[2];  /* image-left eye (the person's right), image-right eye */
  guint8 chip[FL_CHIP_SIZE * FL_CHIP_SIZE * 3];
};

/* ------------------------------------------------------------------------------------ */
/* Finding, reading and verifying model files                                           */

static std::vector<std::string>
model_dirs (void)
{
  std::vector<std::string> dirs;
  const char *env = g_getenv ("FACELEADS_MODEL_DIR");

  if (env != nullptr && *env != '\0')
    dirs.emplace_back (env);
  dirs.emplace_back (FL_BUILD_MODEL_DIR);
  dirs.emplace_back (FL_INSTALL_MODEL_DIR);
  return dirs;
}

static std::string
find_model (const char *name, bool system_landmarks)
{
  std::vector<std::string> dirs = model_dirs ();
  std::string looked;

  if (system_landmarks)
    dirs.emplace_back (LANDMARKS_SYSTEM_DIR);
  for (const std::string &dir : dirs)
    {
      g_autofree char *path = g_build_filename (dir.c_str (), name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      looked += (looked.empty () ? "" : ", ") + dir;
    }
  if (system_landmarks)
    fail (FL_ERROR_MODEL, "The face landmark model “%s” was not found (looked in %s). "
          "Install the Debian package libdlib-data: %s", name, looked.c_str (), SETUP_HINT);
  fail (FL_ERROR_MODEL, "The face model file “%s” was not found (looked in %s). %s",
        name, looked.c_str (), SETUP_HINT);
}

static std::vector<guint8>
read_verified (const std::string &path, const char *expected_sha256)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path.c_str (), &contents, &length, &local_error))
    fail (FL_ERROR_MODEL, "The face model file “%s” could not be read (%s). %s",
          path.c_str (), local_error->message, SETUP_HINT);

  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  if (g_strcmp0 (sha, expected_sha256) != 0)
    fail (FL_ERROR_MODEL, "The face model file “%s” is damaged or not the pinned version "
          "(SHA-256 %s, expected %s). Delete it and %s",
          path.c_str (), sha, expected_sha256, SETUP_HINT);
  return std::vector<guint8> (contents, contents + length);
}

/* Parses a TF.js weights manifest and dequantises the weights it describes. */
static WeightMap
decode_weights (const std::string &manifest_path, const char *manifest_sha256,
                const std::string &bin_path, const char *bin_sha256)
{
  std::vector<guint8> manifest = read_verified (manifest_path, manifest_sha256);
  std::vector<guint8> bin = read_verified (bin_path, bin_sha256);
  /* cv::FileStorage reads JSON only with an object at the top level. */
  std::string json = "{\"groups\":" + std::string (manifest.begin (), manifest.end ()) + "}";
  cv::FileStorage fs (json, cv::FileStorage::READ | cv::FileStorage::MEMORY | cv::FileStorage::FORMAT_JSON);
  cv::FileNode groups = fs["groups"];
  WeightMap weights;
  gsize offset = 0;

  if (!groups.isSeq () || groups.size () != 1)
    fail (FL_ERROR_MODEL, "The weights manifest “%s” has an unexpected layout. %s",
          manifest_path.c_str (), SETUP_HINT);

  for (cv::FileNode entry : groups[0]["weights"])
    {
      Tensor t;
      std::string name = (std::string) entry["name"];
      std::string dtype = (std::string) entry["dtype"];
      cv::FileNode quantization = entry["quantization"];
      gsize count = 1;

      for (cv::FileNode dim : entry["shape"])
        {
          t.shape.push_back ((int) dim);
          count *= (gsize) (int) dim;
        }
      t.data.resize (count);

      if (!quantization.empty ())
        {
          std::string qtype = (std::string) quantization["dtype"];
          double scale = (double) quantization["scale"];
          double min = (double) quantization["min"];

          if (qtype != "uint8")
            fail (FL_ERROR_MODEL, "The weights manifest “%s” uses an unsupported quantisation (%s). %s",
                  manifest_path.c_str (), qtype.c_str (), SETUP_HINT);
          if (offset + count > bin.size ())
            fail (FL_ERROR_MODEL, "The face model file “%s” is too short for its manifest. %s",
                  bin_path.c_str (), SETUP_HINT);
          for (gsize i = 0; i < count; i++)
            t.data[i] = (float) (bin[offset + i] * scale + min);
          offset += count;
        }
      else if (dtype == "float32")
        {
          if (offset + 4 * count > bin.size ())
            fail (FL_ERROR_MODEL, "The face model file “%s” is too short for its manifest. %s",
                  bin_path.c_str (), SETUP_HINT);
          memcpy (t.data.data (), bin.data () + offset, 4 * count);  /* little-endian, like the host */
          offset += 4 * count;
        }
      else
        fail (FL_ERROR_MODEL, "The weights manifest “%s” uses an unsupported type (%s). %s",
              manifest_path.c_str (), dtype.c_str (), SETUP_HINT);

      weights.emplace (name, std::move (t));
    }
  if (offset != bin.size ())
    fail (FL_ERROR_MODEL, "The face model file “%s” does not match its manifest. %s",
          bin_path.c_str (), SETUP_HINT);
  return weights;
}

static const Tensor &
weight (const WeightMap &weights, const std::string &name, size_t rank)
{
  auto it = weights.find (name);

  if (it == weights.end () || it->second.shape.size () != rank)
    fail (FL_ERROR_MODEL, "The face model lacks the tensor “%s” or has it in another shape. %s",
          name.c_str (), SETUP_HINT);
  return it->second;
}

/* ------------------------------------------------------------------------------------ */
/* Building networks in OpenCV DNN                                                      */

namespace {

struct NetBuilder
{
  cv::dnn::Net net;
  int counter = 0;

  std::string fresh (const char *kind) { return std::string (kind) + "_" + std::to_string (counter++); }

  int add (const std::string &type, cv::dnn::LayerParams &lp, std::initializer_list<int> inputs)
  {
    lp.name = fresh (type.c_str ());
    lp.type = type;
    int id = net.addLayer (lp.name, type, lp);
    int slot = 0;

    for (int input : inputs)
      net.connect (input, 0, id, slot++);
    return id;
  }

  /* weights OIHW (o, i, kh, kw) and bias; pads top, left, bottom, right */
  int conv (int input, const cv::Mat &w, const cv::Mat &b, int stride, int groups,
            int pad_t, int pad_l, int pad_b, int pad_r)
  {
    cv::dnn::LayerParams lp;

    lp.set ("kernel_h", w.size[2]);
    lp.set ("kernel_w", w.size[3]);
    lp.set ("stride_h", stride);
    lp.set ("stride_w", stride);
    lp.set ("pad_t", pad_t);
    lp.set ("pad_l", pad_l);
    lp.set ("pad_b", pad_b);
    lp.set ("pad_r", pad_r);
    lp.set ("num_output", w.size[0]);
    lp.set ("group", groups);
    lp.set ("bias_term", true);
    lp.blobs.push_back (w);
    lp.blobs.push_back (b);
    return add ("Convolution", lp, { input });
  }

  int relu (int input)
  {
    cv::dnn::LayerParams lp;
    return add ("ReLU", lp, { input });
  }

  int relu6 (int input)
  {
    cv::dnn::LayerParams lp;
    lp.set ("min_value", 0.0f);
    lp.set ("max_value", 6.0f);
    return add ("ReLU6", lp, { input });
  }

  int pool (int input, const char *kind, int kernel, int stride)
  {
    cv::dnn::LayerParams lp;
    lp.set ("pool", kind);
    lp.set ("kernel_h", kernel);
    lp.set ("kernel_w", kernel);
    lp.set ("stride_h", stride);
    lp.set ("stride_w", stride);
    lp.set ("ceil_mode", false);  /* OpenCV rounds up by default: 72 → 36 instead of 35 */
    return add ("Pooling", lp, { input });
  }

  int pad (int input, std::initializer_list<int> paddings)
  {
    cv::dnn::LayerParams lp;
    std::vector<int> p (paddings);
    lp.set ("paddings", cv::dnn::DictValue::arrayInt (p.data (), (int) p.size ()));
    lp.set ("value", 0.0);
    return add ("Padding", lp, { input });
  }

  int sum (int a, int b)
  {
    cv::dnn::LayerParams lp;
    lp.set ("operation", "sum");
    return add ("Eltwise", lp, { a, b });
  }
};

} /* namespace */

/* TF.js HWIO filters → OpenCV OIHW, each output channel multiplied by scale[o]. */
static cv::Mat
filters_oihw (const Tensor &t, const std::vector<float> &scale)
{
  int kh = t.shape[0], kw = t.shape[1], ci = t.shape[2], co = t.shape[3];
  int dims[4] = { co, ci, kh, kw };
  cv::Mat w (4, dims, CV_32F);
  float *out = w.ptr<float> ();

  for (int o = 0; o < co; o++)
    for (int i = 0; i < ci; i++)
      for (int y = 0; y < kh; y++)
        for (int x = 0; x < kw; x++)
          *out++ = t.data[(((size_t) y * kw + x) * ci + i) * co + o] * scale[o];
  return w;
}

/* TF.js depthwise HW C 1 filters → OpenCV (C, 1, H, W), scaled per channel. */
static cv::Mat
depthwise_filters (const Tensor &t, const std::vector<float> &scale)
{
  int kh = t.shape[0], kw = t.shape[1], c = t.shape[2];
  int dims[4] = { c, 1, kh, kw };
  cv::Mat w (4, dims, CV_32F);
  float *out = w.ptr<float> ();

  for (int ch = 0; ch < c; ch++)
    for (int y = 0; y < kh; y++)
      for (int x = 0; x < kw; x++)
        *out++ = t.data[((size_t) y * kw + x) * c + ch] * scale[ch];
  return w;
}

static cv::Mat
row (const std::vector<float> &v)
{
  return cv::Mat (1, (int) v.size (), CV_32F, (void *) v.data ()).clone ();
}

/* A conv layer of the ResNet: conv + bias, then per-channel scale and offset, all folded
 * into one convolution: (W·x + b)·s + t = (W·s)·x + (b·s + t). */
static int
resnet_conv (NetBuilder &nb, const WeightMap &w, const std::string &prefix, int input,
             int stride, int pad, bool with_relu)
{
  const Tensor &filters = weight (w, prefix + "/conv/filters", 4);
  const Tensor &bias = weight (w, prefix + "/conv/bias", 1);
  const Tensor &scale = weight (w, prefix + "/scale/weights", 1);
  const Tensor &offset = weight (w, prefix + "/scale/biases", 1);
  std::vector<float> b (bias.data.size ());

  for (size_t o = 0; o < b.size (); o++)
    b[o] = bias.data[o] * scale.data[o] + offset.data[o];
  int id = nb.conv (input, filters_oihw (filters, scale.data), row (b), stride, 1, pad, pad, pad, pad);
  return with_relu ? nb.relu (id) : id;
}

static int
resnet_block (NetBuilder &nb, const WeightMap &w, const std::string &prefix, int input)
{
  int out = resnet_conv (nb, w, prefix + "/conv1", input, 1, 1, true);
  out = resnet_conv (nb, w, prefix + "/conv2", out, 1, 1, false);
  return nb.relu (nb.sum (out, input));
}

/* Down-block: 3×3 stride-2 unpadded conv; shortcut = 2×2 average pool with zero channels
 * appended; where the conv branch comes out one short it is zero-padded bottom/right. */
static int
resnet_down_block (NetBuilder &nb, const WeightMap &w, const std::string &prefix, int input,
                   int *size, int channels_in)
{
  int conv_size = (*size - 3) / 2 + 1;
  int pool_size = *size / 2;
  int channels_out = weight (w, prefix + "/conv1/conv/filters", 4).shape[3];
  int out = resnet_conv (nb, w, prefix + "/conv1", input, 2, 0, true);

  out = resnet_conv (nb, w, prefix + "/conv2", out, 1, 1, false);
  if (conv_size < pool_size)
    out = nb.pad (out, { 0, 0, 0, 0, 0, pool_size - conv_size, 0, pool_size - conv_size });

  int shortcut = nb.pool (input, "ave", 2, 2);
  if (channels_out > channels_in)
    shortcut = nb.pad (shortcut, { 0, 0, 0, channels_out - channels_in, 0, 0, 0, 0 });
  *size = pool_size;
  return nb.relu (nb.sum (out, shortcut));
}

static std::unique_ptr<cv::dnn::Net>
build_recognition_net (const WeightMap &w)
{
  NetBuilder nb;
  int size = FL_CHIP_SIZE;

  nb.net.setInputsNames ({ "data" });
  int out = resnet_conv (nb, w, "conv32_down", 0, 2, 0, true);
  size = (size - 7) / 2 + 1;
  out = nb.pool (out, "max", 3, 2);
  size = (size - 3) / 2 + 1;

  for (const char *b : { "conv32_1", "conv32_2", "conv32_3" })
    out = resnet_block (nb, w, b, out);
  out = resnet_down_block (nb, w, "conv64_down", out, &size, 32);
  for (const char *b : { "conv64_1", "conv64_2", "conv64_3" })
    out = resnet_block (nb, w, b, out);
  out = resnet_down_block (nb, w, "conv128_down", out, &size, 64);
  for (const char *b : { "conv128_1", "conv128_2" })
    out = resnet_block (nb, w, b, out);
  out = resnet_down_block (nb, w, "conv256_down", out, &size, 128);
  for (const char *b : { "conv256_1", "conv256_2" })
    out = resnet_block (nb, w, b, out);
  out = resnet_down_block (nb, w, "conv256_down_out", out, &size, 256);

  cv::dnn::LayerParams gap;
  gap.set ("pool", "ave");
  gap.set ("global_pooling", true);
  out = nb.add ("Pooling", gap, { out });

  /* TF.js keeps the matrix as [256 in, 128 out]; InnerProduct wants [out, in]. */
  const Tensor &fc = weight (w, "fc", 2);
  int in_dim = fc.shape[0], out_dim = fc.shape[1];
  cv::Mat fc_w (out_dim, in_dim, CV_32F);
  for (int o = 0; o < out_dim; o++)
    for (int i = 0; i < in_dim; i++)
      fc_w.at<float> (o, i) = fc.data[(size_t) i * out_dim + o];
  cv::dnn::LayerParams ip;
  ip.set ("num_output", out_dim);
  ip.set ("bias_term", false);
  ip.blobs.push_back (fc_w);
  nb.add ("InnerProduct", ip, { out });

  nb.net.setPreferableBackend (cv::dnn::DNN_BACKEND_OPENCV);
  nb.net.setPreferableTarget (cv::dnn::DNN_TARGET_CPU);
  return std::make_unique<cv::dnn::Net> (std::move (nb.net));
}

/* SSD MobileNet v1 (face-api's ssdMobilenetv1): 512×512 RGB scaled to [-1, 1]. */
static const int SSD_INPUT = 512;
static const double SSD_BN_EPSILON = 0.0010000000474974513;
static const char *const SSD_OUTPUTS[] = {
  "box0", "class0", "box1", "class1", "box2", "class2",
  "box3", "class3", "box4", "class4", "box5", "class5",
};

/* TensorFlow's 'same' padding puts the odd pixel at the bottom/right. */
static int
ssd_conv (NetBuilder &nb, int input, int *size, const cv::Mat &w, const cv::Mat &b, int stride, int groups)
{
  int k = w.size[2];
  int out_size = (*size + stride - 1) / stride;
  int total = std::max ((out_size - 1) * stride + k - *size, 0);
  int before = total / 2, after = total - before;

  *size = out_size;
  if (before == after)
    return nb.conv (input, w, b, stride, groups, before, before, before, before);
  /* OpenCV's convolution refuses asymmetric padding: pad explicitly */
  input = nb.pad (input, { 0, 0, 0, 0, before, after, before, after });
  return nb.conv (input, w, b, stride, groups, 0, 0, 0, 0);
}

static int
ssd_pointwise (NetBuilder &nb, const WeightMap &w, const std::string &prefix, int input, int *size, int stride)
{
  const Tensor &filters = weight (w, prefix + "/weights", 4);
  const Tensor &offset = weight (w, prefix + "/convolution_bn_offset", 1);
  std::vector<float> ones (filters.shape[3], 1.0f);

  int id = ssd_conv (nb, input, size, filters_oihw (filters, ones), row (offset.data), stride, 1);
  return nb.relu6 (id);
}

static int
ssd_depthwise (NetBuilder &nb, const WeightMap &w, int idx, int input, int *size, int stride)
{
  std::string prefix = "MobilenetV1/Conv2d_" + std::to_string (idx) + "_depthwise";
  const Tensor &filters = weight (w, prefix + "/depthwise_weights", 4);
  const Tensor &gamma = weight (w, prefix + "/BatchNorm/gamma", 1);
  const Tensor &beta = weight (w, prefix + "/BatchNorm/beta", 1);
  const Tensor &mean = weight (w, prefix + "/BatchNorm/moving_mean", 1);
  const Tensor &variance = weight (w, prefix + "/BatchNorm/moving_variance", 1);
  size_t channels = gamma.data.size ();
  std::vector<float> scale (channels), bias (channels);

  /* batch norm folded into the depthwise convolution */
  for (size_t c = 0; c < channels; c++)
    {
      scale[c] = (float) (gamma.data[c] / std::sqrt (variance.data[c] + SSD_BN_EPSILON));
      bias[c] = beta.data[c] - mean.data[c] * scale[c];
    }
  int id = ssd_conv (nb, input, size, depthwise_filters (filters, scale), row (bias), stride, (int) channels);
  return nb.relu6 (id);
}

static void
ssd_box_predictor (NetBuilder &nb, const WeightMap &w, int idx, int input)
{
  std::string prefix = "Prediction/BoxPredictor_" + std::to_string (idx);
  const char *parts[2] = { "/BoxEncodingPredictor", "/ClassPredictor" };

  for (int p = 0; p < 2; p++)
    {
      const Tensor &filters = weight (w, prefix + parts[p] + "/weights", 4);
      const Tensor &biases = weight (w, prefix + parts[p] + "/biases", 1);
      std::vector<float> ones (filters.shape[3], 1.0f);
      cv::dnn::LayerParams lp;

      lp.set ("kernel_h", 1);
      lp.set ("kernel_w", 1);
      lp.set ("num_output", filters.shape[3]);
      lp.set ("bias_term", true);
      lp.blobs.push_back (filters_oihw (filters, ones));
      lp.blobs.push_back (row (biases.data));
      lp.name = SSD_OUTPUTS[2 * idx + p];
      lp.type = "Convolution";
      int id = nb.net.addLayer (lp.name, lp.type, lp);
      nb.net.connect (input, 0, id, 0);
    }
}

static std::unique_ptr<cv::dnn::Net>
build_ssd_net (const WeightMap &w)
{
  NetBuilder nb;
  int size = SSD_INPUT;
  int conv11 = -1;

  nb.net.setInputsNames ({ "data" });
  int out = ssd_pointwise (nb, w, "MobilenetV1/Conv2d_0_pointwise", 0, &size, 2);
  for (int i = 1; i <= 13; i++)
    {
      int stride = (i == 2 || i == 4 || i == 6 || i == 12) ? 2 : 1;
      out = ssd_depthwise (nb, w, i, out, &size, stride);
      out = ssd_pointwise (nb, w, "MobilenetV1/Conv2d_" + std::to_string (i) + "_pointwise", out, &size, 1);
      if (i == 11)
        conv11 = out;
    }

  int features = out;
  int prediction[8];
  for (int i = 0; i < 8; i++)
    {
      std::string prefix = "Prediction/Conv2d_" + std::to_string (i) + "_pointwise";
      out = ssd_pointwise (nb, w, prefix, out, &size, i % 2 == 1 ? 2 : 1);
      prediction[i] = out;
    }

  ssd_box_predictor (nb, w, 0, conv11);
  ssd_box_predictor (nb, w, 1, features);
  ssd_box_predictor (nb, w, 2, prediction[1]);
  ssd_box_predictor (nb, w, 3, prediction[3]);
  ssd_box_predictor (nb, w, 4, prediction[5]);
  ssd_box_predictor (nb, w, 5, prediction[7]);

  nb.net.setPreferableBackend (cv::dnn::DNN_BACKEND_OPENCV);
  nb.net.setPreferableTarget (cv::dnn::DNN_TARGET_CPU);
  return std::make_unique<cv::dnn::Net> (std::move (nb.net));
}

/* ------------------------------------------------------------------------------------ */
/* Lazy model loading                                                                   */

static std::shared_ptr<const WeightMap>
recognition_weights (FlMatcher *self)
{
  std::lock_guard<std::mutex> lock (self->recognition_mutex);

  if (!self->recognition_weights)
    {
      WeightMap w = decode_weights (self->recognition_manifest, RECOGNITION_MANIFEST_SHA256,
                                    self->recognition_bin, RECOGNITION_BIN_SHA256);
      self->recognition_weights = std::make_shared<const WeightMap> (std::move (w));
    }
  return self->recognition_weights;
}

static std::shared_ptr<const WeightMap>
ssd_weights (FlMatcher *self)
{
  std::lock_guard<std::mutex> lock (self->ssd_mutex);

  if (!self->ssd_weights)
    {
      WeightMap w = decode_weights (self->ssd_manifest, SSD_MANIFEST_SHA256, self->ssd_bin, SSD_BIN_SHA256);
      self->ssd_weights = std::make_shared<const WeightMap> (std::move (w));
    }
  return self->ssd_weights;
}

static const dlib::shape_predictor &
landmark_model (FlMatcher *self)
{
  std::lock_guard<std::mutex> lock (self->landmarks_mutex);

  if (!self->landmarks)
    {
      GStatBuf st;

      if (g_stat (self->landmarks_path.c_str (), &st) != 0 || st.st_size != LANDMARKS_DAT_SIZE)
        fail (FL_ERROR_MODEL, "The face landmark model “%s” is missing or has the wrong size. "
              "Reinstall the Debian package libdlib-data.", self->landmarks_path.c_str ());
      auto model = std::make_unique<dlib::shape_predictor> ();
      try
        {
          dlib::deserialize (self->landmarks_path) >> *model;
        }
      catch (const dlib::serialization_error &e)
        {
          fail (FL_ERROR_MODEL, "The face landmark model “%s” is damaged (%s). "
                "Reinstall the Debian package libdlib-data.", self->landmarks_path.c_str (), e.what ());
        }
      if (model->num_parts () != FL_N_LANDMARKS)
        fail (FL_ERROR_MODEL, "The face landmark model “%s” does not give 68 points. "
              "Reinstall the Debian package libdlib-data.", self->landmarks_path.c_str ());
      self->landmarks = std::move (model);
    }
  return *self->landmarks;
}

/* ------------------------------------------------------------------------------------ */
/* Image header checks, before anything is decoded                                      */

namespace {

struct Header
{
  const char *format = nullptr;   /* short name, e.g. "jpeg" */
  const char *name = nullptr;     /* for messages, e.g. "JPEG" */
  guint64 width = 0;
  guint64 height = 0;
  bool alpha = false;
  bool truncated = false;
};

} /* namespace */

static guint32
be16 (const guint8 *p)
{
  return ((guint32) p[0] << 8) | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
le16 (const guint8 *p)
{
  return ((guint32) p[1] << 8) | p[0];
}

static guint32
le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static const char DAMAGED_HINT[] = "Get an undamaged copy of the file (the original download or a fresh export).";

/* Walks the JPEG segments to the SOFn header, then through the entropy-coded scans to
 * the EOI marker: a file that ends before EOI is truncated (libjpeg would silently fill
 * the missing part grey). */
static void
parse_jpeg (const guint8 *d, gsize n, Header &h)
{
  gsize p = 2;
  bool have_sof = false;

  h.format = "jpeg";
  h.name = "JPEG";
  for (;;)
    {
      /* tolerate stray bytes and fill bytes between segments, as libjpeg does */
      while (p < n && d[p] != 0xFF)
        p++;
      while (p < n && d[p] == 0xFF)
        p++;
      if (p >= n)
        break;
      guint8 m = d[p++];
      if (m == 0xD9)
        {
          if (!have_sof)
            fail (FL_ERROR_CORRUPT, "The JPEG image has no picture data: the file is damaged. %s", DAMAGED_HINT);
          return;
        }
      if (m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7))
        continue;
      if (p + 2 > n)
        break;
      gsize len = be16 (d + p);
      if (len < 2)
        fail (FL_ERROR_CORRUPT, "The JPEG image has a damaged segment: the file is damaged. %s", DAMAGED_HINT);
      if (p + len > n)
        break;
      bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
      if (sof && !have_sof)
        {
          if (len < 8)
            fail (FL_ERROR_CORRUPT, "The JPEG image has a damaged frame header. %s", DAMAGED_HINT);
          h.height = be16 (d + p + 3);
          h.width = be16 (d + p + 5);
          have_sof = true;
          if (h.width == 0 || h.height == 0)
            fail (FL_ERROR_INVALID, "The JPEG image does not state its size in its header (a rare variant "
                  "FaceLeads cannot read): save it again as a standard JPEG or PNG.");
        }
      p += len;
      if (m == 0xDA)
        {
          if (!have_sof)
            fail (FL_ERROR_CORRUPT, "The JPEG image has picture data before its frame header: the file is damaged. %s",
                  DAMAGED_HINT);
          /* entropy-coded data: 0xFF is followed by 0x00 (stuffing), RSTn or a marker */
          for (;;)
            {
              const guint8 *ff = (const guint8 *) memchr (d + p, 0xFF, n - p);
              if (ff == nullptr)
                {
                  p = n;
                  break;
                }
              p = (gsize) (ff - d);
              if (p + 1 >= n)
                {
                  p = n;
                  break;
                }
              guint8 next = d[p + 1];
              if (next == 0x00 || (next >= 0xD0 && next <= 0xD7))
                p += 2;
              else if (next == 0xFF)
                p += 1;
              else
                break;
            }
        }
    }
  if (!have_sof)
    fail (FL_ERROR_CORRUPT, "The JPEG image ends before its frame header: the file is truncated or damaged. %s",
          DAMAGED_HINT);
  h.truncated = true;
}

static void
parse_png (const guint8 *d, gsize n, Header &h)
{
  h.format = "png";
  h.name = "PNG";
  if (n < 33 || be32 (d + 8) != 13 || memcmp (d + 12, "IHDR", 4) != 0)
    fail (FL_ERROR_CORRUPT, "The PNG image has a damaged or missing header: the file is truncated or damaged. %s",
          DAMAGED_HINT);
  h.width = be32 (d + 16);
  h.height = be32 (d + 20);
  guint8 colour_type = d[25];
  h.alpha = colour_type == 4 || colour_type == 6;

  gsize p = 8;
  while (p + 12 <= n)
    {
      guint64 len = be32 (d + p);
      if (len > 0x7FFFFFFF)
        fail (FL_ERROR_CORRUPT, "The PNG image has a damaged chunk: the file is damaged. %s", DAMAGED_HINT);
      if (p + 12 + len > n)
        break;
      if (memcmp (d + p + 4, "tRNS", 4) == 0)
        h.alpha = true;
      if (memcmp (d + p + 4, "IEND", 4) == 0)
        return;
      p += 12 + len;
    }
  h.truncated = true;
}

static void
parse_bmp (const guint8 *d, gsize n, Header &h)
{
  h.format = "bmp";
  h.name = "BMP";
  if (n < 26)
    fail (FL_ERROR_CORRUPT, "The BMP image has a damaged header. %s", DAMAGED_HINT);
  guint32 file_size = le32 (d + 2);
  guint32 dib_size = le32 (d + 14);
  if (dib_size == 12)
    {
      h.width = le16 (d + 18);
      h.height = le16 (d + 20);
    }
  else
    {
      gint32 w = (gint32) le32 (d + 18), hh = (gint32) le32 (d + 22);
      h.width = (guint64) std::abs ((gint64) w);
      h.height = (guint64) std::abs ((gint64) hh);
    }
  if (file_size != 0 && file_size > n)
    h.truncated = true;
}

/* Reads an array of SHORT/LONG offsets or counts of a TIFF tag. */
static std::vector<guint64>
tiff_values (const guint8 *d, gsize n, bool le, const guint8 *entry)
{
  guint32 type = le ? le16 (entry + 2) : be16 (entry + 2);
  guint32 count = le ? le32 (entry + 4) : be32 (entry + 4);
  gsize unit = type == 3 ? 2 : 4;
  std::vector<guint64> values;
  const guint8 *base;

  if ((type != 3 && type != 4) || count > (1u << 24))
    return values;
  if (unit * count <= 4)
    base = entry + 8;
  else
    {
      guint32 off = le ? le32 (entry + 8) : be32 (entry + 8);
      if ((guint64) off + unit * count > n)
        return values;
      base = d + off;
    }
  for (guint32 i = 0; i < count; i++)
    {
      const guint8 *v = base + i * unit;
      values.push_back (unit == 2 ? (le ? le16 (v) : be16 (v)) : (le ? le32 (v) : be32 (v)));
    }
  return values;
}

static void
parse_tiff (const guint8 *d, gsize n, Header &h)
{
  bool le = d[0] == 'I';
  h.format = "tiff";
  h.name = "TIFF";
  if ((le ? le16 (d + 2) : be16 (d + 2)) == 43)
    fail (FL_ERROR_INVALID, "BigTIFF images are not supported: save the image as a standard TIFF, PNG or JPEG.");
  guint32 ifd = le ? le32 (d + 4) : be32 (d + 4);
  if ((guint64) ifd + 2 > n)
    {
      h.truncated = true;
      return;
    }
  guint32 count = le ? le16 (d + ifd) : be16 (d + ifd);
  if ((guint64) ifd + 2 + 12 * (guint64) count > n)
    {
      h.truncated = true;
      return;
    }
  std::vector<guint64> offsets, counts;
  for (guint32 i = 0; i < count; i++)
    {
      const guint8 *e = d + ifd + 2 + 12 * i;
      guint32 tag = le ? le16 (e) : be16 (e);
      std::vector<guint64> v;

      if (tag == 256 || tag == 257 || tag == 273 || tag == 279 || tag == 324 || tag == 325 || tag == 338)
        v = tiff_values (d, n, le, e);
      if (v.empty ())
        continue;
      if (tag == 256)
        h.width = v[0];
      else if (tag == 257)
        h.height = v[0];
      else if (tag == 273 || tag == 324)
        offsets = v;
      else if (tag == 279 || tag == 325)
        counts = v;
      else if (tag == 338)
        h.alpha = true;
    }
  for (size_t i = 0; i < std::min (offsets.size (), counts.size ()); i++)
    if (offsets[i] + counts[i] > n)
      h.truncated = true;
}

static void
parse_webp (const guint8 *d, gsize n, Header &h)
{
  h.format = "webp";
  h.name = "WebP";
  if (n < 30)
    {
      h.truncated = true;
      return;
    }
  if ((guint64) le32 (d + 4) + 8 > n)
    h.truncated = true;
  if (memcmp (d + 12, "VP8 ", 4) == 0)
    {
      h.width = le16 (d + 26) & 0x3FFF;
      h.height = le16 (d + 28) & 0x3FFF;
    }
  else if (memcmp (d + 12, "VP8L", 4) == 0)
    {
      guint32 bits = le32 (d + 21);
      h.width = (bits & 0x3FFF) + 1;
      h.height = ((bits >> 14) & 0x3FFF) + 1;
      h.alpha = (bits >> 28) & 1;
    }
  else if (memcmp (d + 12, "VP8X", 4) == 0)
    {
      h.alpha = (d[20] & 0x10) != 0;
      h.width = (d[24] | (d[25] << 8) | (d[26] << 16)) + 1;
      h.height = (d[27] | (d[28] << 8) | (d[29] << 16)) + 1;
    }
  else
    fail (FL_ERROR_CORRUPT, "The WebP image has an unknown layout: the file is damaged. %s", DAMAGED_HINT);
}

/* Netpbm (PGM/PPM/PBM): ASCII header, then binary or ASCII samples. */
static void
parse_pnm (const guint8 *d, gsize n, Header &h)
{
  char kind = (char) d[1];
  guint64 values[3] = { 0, 0, 1 };
  int wanted = (kind == '1' || kind == '4') ? 2 : 3;
  gsize p = 2;

  h.format = kind == '2' || kind == '5' ? "pgm" : kind == '1' || kind == '4' ? "pbm" : "ppm";
  h.name = kind == '2' || kind == '5' ? "PGM" : kind == '1' || kind == '4' ? "PBM" : "PPM";
  for (int i = 0; i < wanted; i++)
    {
      for (;;)
        {
          while (p < n && g_ascii_isspace (d[p]))
            p++;
          if (p < n && d[p] == '#')
            {
              while (p < n && d[p] != '\n')
                p++;
              continue;
            }
          break;
        }
      if (p >= n || !g_ascii_isdigit (d[p]))
        fail (FL_ERROR_CORRUPT, "The Netpbm image has a damaged header. %s", DAMAGED_HINT);
      guint64 v = 0;
      while (p < n && g_ascii_isdigit (d[p]) && v < G_MAXUINT32)
        v = v * 10 + (d[p++] - '0');
      values[i] = v;
    }
  h.width = values[0];
  h.height = values[1];
  if (kind == '4' || kind == '5' || kind == '6')
    {
      guint64 bytes_per_sample = values[2] > 255 ? 2 : 1;
      guint64 needed = kind == '4' ? (h.width + 7) / 8 * h.height
                     : h.width * h.height * bytes_per_sample * (kind == '6' ? 3 : 1);
      if (n < p + 1 || n - (p + 1) < needed)
        h.truncated = true;
    }
}

static bool
is_heif_brand (const guint8 *brand)
{
  const char *brands[] = { "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis" };

  for (const char *b : brands)
    if (memcmp (brand, b, 4) == 0)
      return true;
  return false;
}

/* Identifies the format from the first bytes and reads the size from the header. */
static Header
read_header (const guint8 *d, gsize n)
{
  Header h;

  if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
    parse_jpeg (d, n, h);
  else if (n >= 8 && memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0)
    parse_png (d, n, h);
  else if (n >= 12 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    parse_webp (d, n, h);
  else if (n >= 8 && (memcmp (d, "II*\0", 4) == 0 || memcmp (d, "MM\0*", 4) == 0 ||
                      memcmp (d, "II+\0", 4) == 0 || memcmp (d, "MM\0+", 4) == 0))
    parse_tiff (d, n, h);
  else if (n >= 2 && d[0] == 'B' && d[1] == 'M')
    parse_bmp (d, n, h);
  else if (n >= 3 && d[0] == 'P' && d[1] >= '1' && d[1] <= '6' && g_ascii_isspace (d[2]))
    parse_pnm (d, n, h);
  else if (n >= 6 && (memcmp (d, "GIF87a", 6) == 0 || memcmp (d, "GIF89a", 6) == 0))
    fail (FL_ERROR_INVALID, "GIF images are not supported: save the picture as PNG or JPEG and add that file.");
  else if (n >= 5 && memcmp (d, "%PDF-", 5) == 0)
    fail (FL_ERROR_INVALID, "This is a PDF document, not an image: export the page or picture as PNG or JPEG "
          "and add that file.");
  else if (n >= 12 && memcmp (d + 4, "ftyp", 4) == 0 && is_heif_brand (d + 8))
    fail (FL_ERROR_INVALID, "HEIC/HEIF/AVIF images are not supported: convert the picture to JPEG or PNG "
          "and add that file.");
  else if ((n >= 12 && memcmp (d, "\0\0\0\x0cjP  ", 8) == 0) || (n >= 4 && memcmp (d, "\xff\x4f\xff\x51", 4) == 0))
    fail (FL_ERROR_INVALID, "JPEG 2000 images are not supported: convert the picture to JPEG or PNG "
          "and add that file.");
  else if (n >= 4 && memcmp (d, "8BPS", 4) == 0)
    fail (FL_ERROR_INVALID, "Photoshop documents are not supported: export the picture as PNG or JPEG "
          "and add that file.");
  else
    fail (FL_ERROR_INVALID, "This file is not an image FaceLeads can read (supported: JPEG, PNG, WebP, TIFF, "
          "BMP, PGM/PPM): check that the right file was chosen, or convert it to JPEG or PNG.");

  if (h.width == 0 || h.height == 0)
    fail (FL_ERROR_CORRUPT, "The %s image states a size of zero in its header: the file is damaged. %s",
          h.name, DAMAGED_HINT);
  if (h.width * h.height > FL_MAX_IMAGE_PIXELS)
    fail (FL_ERROR_INVALID, "The image is too large: %" G_GUINT64_FORMAT " × %" G_GUINT64_FORMAT
          " pixels is %.0f megapixels, the limit is %d. Reduce its size (crop to the face or scale it down) "
          "and add it again.", h.width, h.height, (double) (h.width * h.height) / 1e6,
          FL_MAX_IMAGE_PIXELS / 1000000);
  if (h.truncated)
    fail (FL_ERROR_CORRUPT, "The %s image is truncated: the file ends before the image does "
          "(an interrupted download or copy). %s", h.name, DAMAGED_HINT);
  return h;
}

static cv::Mat
to_8bit (const cv::Mat &m)
{
  if (m.depth () == CV_8U)
    return m;
  cv::Mat out;
  double scale = m.depth () == CV_16U ? 1.0 / 257.0 : m.depth () == CV_32F || m.depth () == CV_64F ? 255.0 : 1.0;
  m.convertTo (out, CV_8U, scale);
  return out;
}

/* Decodes after the header checks; 8-bit BGR out, transparency composited over white. */
static cv::Mat
decode (const guint8 *d, gsize n, const Header &h)
{
  cv::Mat buf (1, (int) n, CV_8U, (void *) d);
  cv::Mat img;

  if (h.alpha && strcmp (h.format, "jpeg") != 0)
    {
      cv::Mat raw = cv::imdecode (buf, cv::IMREAD_UNCHANGED);
      if (!raw.empty ())
        {
          raw = to_8bit (raw);
          if (raw.channels () == 4)
            {
              cv::Mat bgr (raw.size (), CV_8UC3);
              for (int y = 0; y < raw.rows; y++)
                {
                  const cv::Vec4b *s = raw.ptr<cv::Vec4b> (y);
                  cv::Vec3b *o = bgr.ptr<cv::Vec3b> (y);
                  for (int x = 0; x < raw.cols; x++)
                    for (int c = 0; c < 3; c++)
                      o[x][c] = (guint8) ((s[x][c] * s[x][3] + 255 * (255 - s[x][3]) + 127) / 255);
                }
              img = bgr;
            }
          else if (raw.channels () == 2)
            {
              std::vector<cv::Mat> planes;
              cv::split (raw, planes);
              cv::Mat grey;
              planes[0].convertTo (grey, CV_32F);
              cv::Mat a;
              planes[1].convertTo (a, CV_32F, 1.0 / 255.0);
              grey = grey.mul (a) + 255.0 * (1.0 - a);
              grey.convertTo (grey, CV_8U);
              cv::cvtColor (grey, img, cv::COLOR_GRAY2BGR);
            }
          else if (raw.channels () == 1)
            cv::cvtColor (raw, img, cv::COLOR_GRAY2BGR);
          else
            img = raw;
        }
    }
  else
    /* IMREAD_COLOR: 8-bit BGR whatever the source (grey, CMYK, 16-bit) and EXIF orientation applied */
    img = cv::imdecode (buf, cv::IMREAD_COLOR);

  if (img.empty ())
    fail (FL_ERROR_CORRUPT, "The %s image could not be decoded: the file is damaged or uses a variant "
          "FaceLeads cannot read. Open it in an image viewer to check it, then save it again as JPEG or PNG.",
          h.name);
  bool same = (guint64) img.cols == h.width && (guint64) img.rows == h.height;
  bool turned = (guint64) img.cols == h.height && (guint64) img.rows == h.width;
  if (!same && !turned)
    fail (FL_ERROR_CORRUPT, "The %s image decodes to %d × %d pixels although its header says %" G_GUINT64_FORMAT
          " × %" G_GUINT64_FORMAT ": the file is damaged. %s", h.name, img.cols, img.rows, h.width, h.height,
          DAMAGED_HINT);
  return img;
}

/* ------------------------------------------------------------------------------------ */
/* Detection                                                                            */

/* HOG runs on the image scaled to at most this long side (HOG cost grows with pixels;
 * faces in larger photos are large too). */
static const int HOG_MAX_SIDE = 1280;
/* The ×2 retry is capped at this long side. */
static const int HOG_UPSAMPLED_MAX_SIDE = 2560;
static const float SSD_MIN_CONFIDENCE = 0.5f;
static const float SSD_NMS_IOU = 0.5f;

/* SSD boxes are taller than HOG boxes (they take in forehead and chin) and sit higher,
 * while the landmark model was trained on HOG boxes. An SSD box (centre cx, cy; size w × h)
 * becomes the HOG-style box of centre (cx + dx·w, cy + dy·h) and size (sw·w, sh·h).
 * Median ratios over the 44 faces both detectors found in the face-api demo group photos
 * and dlib's "johns" photos (80 % of pairs within dx ±0.09, dy +0.02…+0.14, sw 0.90…1.26,
 * sh 0.72…0.95). With them, landmarks from SSD boxes land on average 3.2 % of the
 * inter-ocular distance from those found from the HOG box (6.6 % unmapped), and the
 * templates agree with cosine 0.997 (0.988 unmapped). */
static const double SSD_TO_HOG_DX = -0.008;
static const double SSD_TO_HOG_DY = 0.050;
static const double SSD_TO_HOG_SW = 1.095;
static const double SSD_TO_HOG_SH = 0.805;

namespace {

struct Candidate
{
  cv::Rect2d box;
  double confidence;
  FlDetector detector;
};

} /* namespace */

static std::vector<Candidate>
run_hog (FlMatcher *self, const cv::Mat &gray, double scale, FlDetector detector)
{
  auto hog = self->hog_detectors.borrow ();
  std::vector<dlib::rect_detection> dets;
  dlib::cv_image<unsigned char> img (gray);
  std::vector<Candidate> out;

  (**hog) (img, dets, 0.0);
  for (const dlib::rect_detection &d : dets)
    out.push_back ({ cv::Rect2d (d.rect.left () / scale, d.rect.top () / scale,
                                 d.rect.width () / scale, d.rect.height () / scale),
                     d.detection_confidence, detector });
  return out;
}

static std::vector<Candidate>
run_ssd (FlMatcher *self, const cv::Mat &bgr)
{
  auto weights = ssd_weights (self);
  auto net = self->ssd_nets.borrow ();
  int side = std::max (bgr.cols, bgr.rows);
  double scale = (double) SSD_INPUT / side;
  cv::Mat resized, square, blob;
  std::vector<cv::Mat> outs;
  std::vector<cv::Rect2d> boxes;
  std::vector<float> scores;
  const Tensor &anchors = weight (*weights, "Output/extra_dim", 3);
  size_t anchor = 0;

  /* face-api pads the image to a square at the bottom/right, then scales it to 512 */
  cv::resize (bgr, resized, cv::Size (std::max (1, (int) std::lround (bgr.cols * scale)),
                                      std::max (1, (int) std::lround (bgr.rows * scale))),
              0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::copyMakeBorder (resized, square, 0, SSD_INPUT - resized.rows, 0, SSD_INPUT - resized.cols,
                      cv::BORDER_CONSTANT, cv::Scalar::all (0));
  blob = cv::dnn::blobFromImage (square, 1.0 / 127.5, cv::Size (), cv::Scalar::all (127.5), true, false);
  (*net)->setInput (blob, "data");
  (*net)->forward (outs, std::vector<cv::String> (std::begin (SSD_OUTPUTS), std::end (SSD_OUTPUTS)));

  for (int p = 0; p < 6; p++)
    {
      const cv::Mat &box = outs[2 * p];
      const cv::Mat &cls = outs[2 * p + 1];
      int n_anchors = box.size[1] / 4, rows = box.size[2], cols = box.size[3];
      size_t plane = (size_t) rows * cols;

      for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++)
          for (int a = 0; a < n_anchors; a++, anchor++)
            {
              size_t at = (size_t) y * cols + x;
              float logit = cls.ptr<float> ()[(size_t) (a * 3 + 1) * plane + at];
              float score = 1.0f / (1.0f + std::exp (-logit));

              if (score <= SSD_MIN_CONFIDENCE || anchor >= (size_t) anchors.shape[1])
                continue;
              const float *e = box.ptr<float> () + (size_t) a * 4 * plane + at;
              const float *an = &anchors.data[anchor * 4];
              double ah = an[2] - an[0], aw = an[3] - an[1];
              double acy = an[0] + ah / 2, acx = an[1] + aw / 2;
              double cy = e[0] / 10.0 * ah + acy, cx = e[plane] / 10.0 * aw + acx;
              double h = std::exp (e[2 * plane] / 5.0) * ah, w = std::exp (e[3 * plane] / 5.0) * aw;
              double top = std::max (0.0, cy - h / 2), left = std::max (0.0, cx - w / 2);
              double bottom = std::min (1.0, cy + h / 2), right = std::min (1.0, cx + w / 2);

              if (bottom <= top || right <= left)
                continue;
              boxes.emplace_back (left * side, top * side, (right - left) * side, (bottom - top) * side);
              scores.push_back (score);
            }
    }
  if (anchor != (size_t) anchors.shape[1])
    fail (FL_ERROR_MODEL, "The face detector model does not match its anchors (%zu predictions, %d anchors). %s",
          anchor, anchors.shape[1], SETUP_HINT);

  std::vector<int> keep;
  cv::dnn::NMSBoxes (boxes, scores, SSD_MIN_CONFIDENCE, SSD_NMS_IOU, keep);
  std::vector<Candidate> out;
  for (int i : keep)
    {
      const cv::Rect2d &b = boxes[i];
      double cx = b.x + b.width / 2 + SSD_TO_HOG_DX * b.width;
      double cy = b.y + b.height / 2 + SSD_TO_HOG_DY * b.height;
      double w = SSD_TO_HOG_SW * b.width, h = SSD_TO_HOG_SH * b.height;
      out.push_back ({ cv::Rect2d (cx - w / 2, cy - h / 2, w, h), scores[i], FL_DETECTOR_SSD });
    }
  return out;
}

static double
iou (const cv::Rect2d &a, const cv::Rect2d &b)
{
  double inter = (a & b).area ();
  double uni = a.area () + b.area () - inter;
  return uni > 0 ? inter / uni : 0.0;
}

static bool
overlaps_any (const Candidate &c, const std::vector<Candidate> &others)
{
  cv::Point2d centre (c.box.x + c.box.width / 2, c.box.y + c.box.height / 2);

  for (const Candidate &o : others)
    {
      cv::Point2d oc (o.box.x + o.box.width / 2, o.box.y + o.box.height / 2);
      if (iou (c.box, o.box) > 0.3 || o.box.contains (centre) || c.box.contains (oc))
        return true;
    }
  return false;
}

static std::vector<Candidate>
find_faces (FlMatcher *self, const FlImage *image, FlDetectFlags flags)
{
  const cv::Mat &gray = image->gray;
  int side = std::max (gray.cols, gray.rows);
  double scale = side > HOG_MAX_SIDE ? (double) HOG_MAX_SIDE / side : 1.0;
  cv::Mat work = gray;
  std::vector<Candidate> faces;

  if (scale < 1.0)
    cv::resize (gray, work, cv::Size (), scale, scale, cv::INTER_AREA);
  faces = run_hog (self, work, scale, FL_DETECTOR_HOG);

  if (faces.empty () && !(flags & FL_DETECT_NO_UPSAMPLE))
    {
      double up = std::min (2.0, (double) HOG_UPSAMPLED_MAX_SIDE / std::max (work.cols, work.rows));
      if (up > 1.0)
        {
          cv::Mat bigger;
          cv::resize (work, bigger, cv::Size (), up, up, cv::INTER_LINEAR);
          faces = run_hog (self, bigger, scale * up, FL_DETECTOR_HOG_UPSAMPLED);
        }
    }

  if (!(flags & FL_DETECT_NO_SSD) && !((flags & FL_DETECT_SSD_IF_NONE) && !faces.empty ()))
    {
      std::vector<Candidate> found = run_ssd (self, image->bgr);
      std::vector<Candidate> hog_faces = faces;
      for (const Candidate &c : found)
        if (!overlaps_any (c, hog_faces))
          faces.push_back (c);
    }

  std::stable_sort (faces.begin (), faces.end (), [] (const Candidate &a, const Candidate &b) {
    return a.box.area () > b.box.area ();
  });
  return faces;
}

/* ------------------------------------------------------------------------------------ */
/* Landmarks, eyes and chips                                                            */

/* Where dlib's face-chip convention (get_face_chip_details with padding 0.25) puts the eye
 * centres in a FL_CHIP_SIZE chip: the means of dlib's mean-face-shape points 36–41 and 42–47
 * (interpolation.h, mean_face_shape_x/y from point 17 on). */
static const double CHIP_PADDING = 0.25;
static const double MEAN_EYE_X[2][6] = {
  { 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743 },
  { 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335 },
};
static const double MEAN_EYE_Y[2][6] = {
  { 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077 },
  { 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099 },
};

static dlib::dpoint
chip_eye (int which)
{
  double x = 0, y = 0;

  for (int i = 0; i < 6; i++)
    {
      x += MEAN_EYE_X[which][i] / 6;
      y += MEAN_EYE_Y[which][i] / 6;
    }
  return dlib::dpoint ((CHIP_PADDING + x) / (2 * CHIP_PADDING + 1) * FL_CHIP_SIZE,
                       (CHIP_PADDING + y) / (2 * CHIP_PADDING + 1) * FL_CHIP_SIZE);
}

static void
extract_chip (const FlImage *image, const dlib::chip_details &details, FlFace *face)
{
  dlib::cv_image<dlib::bgr_pixel> img (image->bgr);
  dlib::matrix<dlib::rgb_pixel> chip;

  dlib::extract_image_chip (img, details, chip);
  for (long y = 0; y < FL_CHIP_SIZE; y++)
    for (long x = 0; x < FL_CHIP_SIZE; x++)
      {
        guint8 *o = face->chip + (y * FL_CHIP_SIZE + x) * 3;
        o[0] = chip (y, x).red;
        o[1] = chip (y, x).green;
        o[2] = chip (y, x).blue;
      }
}

static FlFace *
make_face (FlMatcher *self, const FlImage *image, const Candidate &c)
{
  const dlib::shape_predictor &predictor = landmark_model (self);
  dlib::cv_image<unsigned char> gray (image->gray);
  dlib::rectangle rect ((long) std::lround (c.box.x), (long) std::lround (c.box.y),
                        (long) std::lround (c.box.x + c.box.width) - 1,
                        (long) std::lround (c.box.y + c.box.height) - 1);
  dlib::full_object_detection shape = predictor (gray, rect);
  g_autofree FlFace *face = g_new0 (FlFace, 1);

  face->detector = c.detector;
  face->confidence = c.confidence;
  face->box = { c.box.x, c.box.y, c.box.width, c.box.height };
  face->n_landmarks = FL_N_LANDMARKS;
  for (unsigned long i = 0; i < FL_N_LANDMARKS; i++)
    face->landmarks[i] = { (double) shape.part (i).x (), (double) shape.part (i).y () };
  for (int e = 0; e < 2; e++)
    {
      double x = 0, y = 0;
      for (int i = 0; i < 6; i++)
        {
          x += face->landmarks[36 + 6 * e + i].x / 6;
          y += face->landmarks[36 + 6 * e + i].y / 6;
        }
      face->eyes[e] = { x, y };
    }
  extract_chip (image, dlib::get_face_chip_details (shape, FL_CHIP_SIZE, CHIP_PADDING), face);
  return (FlFace *) g_steal_pointer (&face);
}

/* ------------------------------------------------------------------------------------ */
/* Templates                                                                            */

static void
descriptor (FlMatcher *self, const guint8 *rgb, gsize stride, float *out)
{
  auto weights = recognition_weights (self);
  auto net = self->recognition_nets.borrow ();
  cv::Mat chip (FL_CHIP_SIZE, FL_CHIP_SIZE, CV_8UC3, (void *) rgb, stride);
  /* RGB, minus the training mean, divided by 255 (not 256) */
  cv::Mat blob = cv::dnn::blobFromImage (chip, 1.0 / 255.0, cv::Size (),
                                         cv::Scalar (122.782, 117.001, 104.298), false, false);

  (*net)->setInput (blob, "data");
  cv::Mat result = (*net)->forward ();
  if (result.total () != FL_TEMPLATE_LENGTH)
    fail (FL_ERROR_MODEL, "The face model gave %zu numbers instead of %d. %s",
          result.total (), FL_TEMPLATE_LENGTH, SETUP_HINT);

  const float *r = result.ptr<float> ();
  double norm = 0;
  for (int i = 0; i < FL_TEMPLATE_LENGTH; i++)
    norm += (double) r[i] * r[i];
  norm = std::sqrt (norm);
  if (!(norm > 0))
    fail (FL_ERROR_FAILED, "The face template came out empty: report this with the image that caused it.");
  for (int i = 0; i < FL_TEMPLATE_LENGTH; i++)
    out[i] = (float) (r[i] / norm);
}

/* ------------------------------------------------------------------------------------ */
/* Quality                                                                              */

/* Suitability limits, set on the faces of the face-api demo photos, dlib's "johns" and
 * ORL (114 faces) and on copies of them blurred with a Gaussian of σ 2.5 px:
 * - inter-eye distance: the descriptor reads a 150 px chip (eyes ~45 px apart); ORL's
 *   35–41 px faces still gave rank-1 on every search, below 20 px the chip is an upscaled blur;
 * - sharpness: sharp faces 11.9 minimum, 14.9 at the 5th percentile; blurred copies 3.6
 *   median, 9.5 at the 95th percentile;
 * - BRISQUE: sharp faces 52.7 at most, blurred copies 59.4 at least;
 * - yaw: the HOG frontal detector and the descriptor degrade on turned heads; the estimate
 *   below is coarse (±10°), hence generous limits. */
static const double EYES_UNSUITABLE = 20, EYES_MARGINAL = 30;
static const double YAW_UNSUITABLE = 50, YAW_MARGINAL = 30;
static const double ROLL_MARGINAL = 30;
static const double SHARPNESS_UNSUITABLE = 4, SHARPNESS_MARGINAL = 12;
static const double CLIPPED_UNSUITABLE = 0.5, CLIPPED_MARGINAL = 0.2;
static const double BRISQUE_MARGINAL = 56;

static double
estimate_yaw (const FlFace *face)
{
  if (face->n_landmarks != FL_N_LANDMARKS)
    return NAN;
  /* nose tip (30) between the jaw ends (0, 16), measured along the eye line: a cylinder
   * head model puts the nose off-centre by sin(yaw) of the half-width */
  cv::Point2d u (face->eyes[1].x - face->eyes[0].x, face->eyes[1].y - face->eyes[0].y);
  double len = std::hypot (u.x, u.y);
  if (!(len > 0))
    return NAN;
  u /= len;
  const FlPoint *l = face->landmarks;
  double a = (l[30].x - l[0].x) * u.x + (l[30].y - l[0].y) * u.y;
  double b = (l[16].x - l[30].x) * u.x + (l[16].y - l[30].y) * u.y;
  if (!(a + b > 0))
    return NAN;
  double r = std::clamp ((a - b) / (a + b), -1.0, 1.0);
  return std::asin (r) * 180.0 / M_PI;
}

static void
add_reason (FlQuality *q, std::string &reasons, FlSuitability level, const std::string &text)
{
  if (level > q->suitability)
    q->suitability = level;
  reasons += (reasons.empty () ? "" : "\n") + text;
}

static std::string
printf_string (const char *format, ...) G_GNUC_PRINTF (1, 2);

static std::string
printf_string (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *s = g_strdup_vprintf (format, args);
  va_end (args);
  return s;
}

static FlQuality *
assess (FlMatcher *self, const FlImage *image, const FlFace *face)
{
  g_autoptr(FlQuality) q = g_new0 (FlQuality, 1);
  cv::Rect2d box (face->box.x, face->box.y, face->box.width, face->box.height);
  cv::Rect roi = cv::Rect ((int) std::floor (box.x), (int) std::floor (box.y),
                           (int) std::ceil (box.width), (int) std::ceil (box.height))
                 & cv::Rect (0, 0, image->gray.cols, image->gray.rows);
  std::string reasons;

  q->face_width = face->box.width;
  q->face_height = face->box.height;
  q->inter_eye_px = std::hypot (face->eyes[1].x - face->eyes[0].x, face->eyes[1].y - face->eyes[0].y);
  q->roll_degrees = std::atan2 (face->eyes[1].y - face->eyes[0].y, face->eyes[1].x - face->eyes[0].x) * 180.0 / M_PI;
  q->yaw_degrees = estimate_yaw (face);
  q->sharpness = q->shadows_clipped = q->highlights_clipped = q->brisque = NAN;

  if (roi.width >= 3 && roi.height >= 3)
    {
      cv::Mat grey = image->gray (roi), scaled, lap;
      cv::Scalar mean, dev;

      /* at the descriptor's scale, so the figure compares across image and face sizes */
      cv::resize (grey, scaled, cv::Size (FL_CHIP_SIZE, FL_CHIP_SIZE), 0, 0,
                  roi.width > FL_CHIP_SIZE ? cv::INTER_AREA : cv::INTER_LINEAR);
      cv::Laplacian (scaled, lap, CV_64F);
      cv::meanStdDev (lap, mean, dev);
      q->sharpness = dev[0] * dev[0];
      q->shadows_clipped = (double) cv::countNonZero (grey <= 5) / grey.total ();
      q->highlights_clipped = (double) cv::countNonZero (grey >= 250) / grey.total ();
    }
  if (roi.width >= 16 && roi.height >= 16)
    {
      auto brisque = self->brisque.borrow ();
      q->brisque = (*brisque)->model->compute (image->bgr (roi))[0];
    }

  q->suitability = FL_SUITABILITY_SUITABLE;
  if (q->inter_eye_px < EYES_UNSUITABLE)
    add_reason (q, reasons, FL_SUITABILITY_UNSUITABLE,
                printf_string ("The eyes are only %.0f px apart; at least %.0f are needed (%.0f or more "
                               "recommended): use a larger or closer image of the face.",
                               q->inter_eye_px, EYES_UNSUITABLE, EYES_MARGINAL));
  else if (q->inter_eye_px < EYES_MARGINAL)
    add_reason (q, reasons, FL_SUITABILITY_MARGINAL,
                printf_string ("The eyes are %.0f px apart, below the recommended %.0f: fine detail is lost.",
                               q->inter_eye_px, EYES_MARGINAL));
  if (std::fabs (q->yaw_degrees) > YAW_UNSUITABLE)
    add_reason (q, reasons, FL_SUITABILITY_UNSUITABLE,
                printf_string ("The head is turned about %.0f° from frontal (more than %.0f°): "
                               "use a more frontal image.", std::fabs (q->yaw_degrees), YAW_UNSUITABLE));
  else if (std::fabs (q->yaw_degrees) > YAW_MARGINAL)
    add_reason (q, reasons, FL_SUITABILITY_MARGINAL,
                printf_string ("The head is turned about %.0f° from frontal: results degrade past %.0f°.",
                               std::fabs (q->yaw_degrees), YAW_MARGINAL));
  if (std::fabs (q->roll_degrees) > ROLL_MARGINAL)
    add_reason (q, reasons, FL_SUITABILITY_MARGINAL,
                printf_string ("The head is tilted %.0f°: check that the eyes were located correctly.",
                               std::fabs (q->roll_degrees)));
  if (q->sharpness < SHARPNESS_UNSUITABLE)
    add_reason (q, reasons, FL_SUITABILITY_UNSUITABLE,
                printf_string ("The face is very blurred (sharpness %.1f, below %.0f): use a sharper image.",
                               q->sharpness, SHARPNESS_UNSUITABLE));
  else if (q->sharpness < SHARPNESS_MARGINAL)
    add_reason (q, reasons, FL_SUITABILITY_MARGINAL,
                printf_string ("The face is blurred (sharpness %.1f, below %.0f).", q->sharpness,
                               SHARPNESS_MARGINAL));
  double clipped = std::max (q->shadows_clipped, q->highlights_clipped);
  const char *which = q->shadows_clipped >= q->highlights_clipped ? "black shadows" : "white highlights";
  if (clipped > CLIPPED_UNSUITABLE)
    add_reason (q, reasons, FL_SUITABILITY_UNSUITABLE,
                printf_string ("%.0f %% of the face is clipped to %s: the exposure hides the features.",
                               100 * clipped, which));
  else if (clipped > CLIPPED_MARGINAL)
    add_reason (q, reasons, FL_SUITABILITY_MARGINAL,
                printf_string ("%.0f %% of the face is clipped to %s.", 100 * clipped, which));
  if (q->brisque > BRISQUE_MARGINAL)
    add_reason (q, reasons, FL_SUITABILITY_MARGINAL,
                printf_string ("The image quality score (BRISQUE %.0f, above %.0f) shows noise, compression "
                               "or blur.", q->brisque, BRISQUE_MARGINAL));
  q->reasons = g_strdup (reasons.c_str ());
  return (FlQuality *) g_steal_pointer (&q);
}

/* ------------------------------------------------------------------------------------ */
/* Public API                                                                           */

extern "C" {

const char *
fl_matcher_get_version (void)
{
  return "faceleads-matcher " PACKAGE_VERSION " (OpenCV " CV_VERSION ", dlib "
         G_STRINGIFY (DLIB_MAJOR_VERSION) "." G_STRINGIFY (DLIB_MINOR_VERSION) ")";
}

char *
fl_matcher_find_model_file (const char *file_name, GError **error)
{
  g_return_val_if_fail (file_name != NULL, NULL);
  try
    {
      return g_strdup (find_model (file_name, strcmp (file_name, LANDMARKS_DAT) == 0).c_str ());
    }
  catch (...)
    {
      set_error_from_exception (error);
      return NULL;
    }
}

FlMatcher *
fl_matcher_new (GError **error)
{
  FlMatcher *self = nullptr;

  try
    {
      self = new FlMatcher ();
      g_atomic_ref_count_init (&self->ref_count);
      self->recognition_bin = find_model (RECOGNITION_BIN, false);
      self->recognition_manifest = find_model (RECOGNITION_MANIFEST, false);
      self->ssd_bin = find_model (SSD_BIN, false);
      self->ssd_manifest = find_model (SSD_MANIFEST, false);
      self->landmarks_path = find_model (LANDMARKS_DAT, true);
      self->model_id = std::string ("dlib-resnet-v1 " FACE_API_PACKAGE " sha256:") +
                       std::string (RECOGNITION_BIN_SHA256, 12);

      self->recognition_nets.set_factory ([self] () { return build_recognition_net (*recognition_weights (self)); });
      self->ssd_nets.set_factory ([self] () { return build_ssd_net (*ssd_weights (self)); });
      self->hog_detectors.set_factory ([] () {
        return std::make_unique<dlib::frontal_face_detector> (dlib::get_frontal_face_detector ());
      });
      self->brisque.set_factory ([] () {
        if (!g_file_test (BRISQUE_MODEL, G_FILE_TEST_IS_REGULAR) || !g_file_test (BRISQUE_RANGE, G_FILE_TEST_IS_REGULAR))
          fail (FL_ERROR_MODEL, "The image quality model (%s) is missing: install the Debian package opencv-data.",
                BRISQUE_MODEL);
        auto b = std::make_unique<Brisque> ();
        b->model = cv::quality::QualityBRISQUE::create (BRISQUE_MODEL, BRISQUE_RANGE);
        return b;
      });
      return self;
    }
  catch (...)
    {
      delete self;
      set_error_from_exception (error);
      return NULL;
    }
}

FlMatcher *
fl_matcher_ref (FlMatcher *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fl_matcher_unref (FlMatcher *self)
{
  if (self != NULL && g_atomic_ref_count_dec (&self->ref_count))
    delete self;
}

gboolean
fl_matcher_preload (FlMatcher *self, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  try
    {
      landmark_model (self);
      self->recognition_nets.borrow ();
      self->ssd_nets.borrow ();
      self->hog_detectors.borrow ();
      return TRUE;
    }
  catch (...)
    {
      set_error_from_exception (error);
      return FALSE;
    }
}

const char *
fl_matcher_get_model_id (FlMatcher *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->model_id.c_str ();
}

FlImage *
fl_image_new_from_data (const guint8 *data, gsize size, GError **error)
{
  g_return_val_if_fail (data != NULL || size == 0, NULL);
  try
    {
      if (size == 0)
        fail (FL_ERROR_INVALID, "The image file is empty (0 bytes): choose the file again, or get a complete copy.");
      if (size > G_MAXINT)
        fail (FL_ERROR_INVALID, "The image file is larger than 2 GB: reduce its size and add it again.");
      Header h = read_header (data, size);
      auto image = std::make_unique<FlImage> ();
      image->bgr = decode (data, size, h);
      image->format = h.format;
      cv::cvtColor (image->bgr, image->gray, cv::COLOR_BGR2GRAY);
      return image.release ();
    }
  catch (...)
    {
      set_error_from_exception (error);
      return NULL;
    }
}

FlImage *
fl_image_new_from_bytes (GBytes *bytes, GError **error)
{
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  data = (const guint8 *) g_bytes_get_data (bytes, &size);
  return fl_image_new_from_data (data, size, error);
}

FlImage *
fl_image_new_from_file (const char *path, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "The image “%s” could not be read (%s): check the path and "
                   "the file's permissions.", path, local_error->message);
      return NULL;
    }
  return fl_image_new_from_data ((const guint8 *) g_mapped_file_get_contents (file),
                                 g_mapped_file_get_length (file), error);
}

void
fl_image_free (FlImage *image)
{
  delete image;
}

int
fl_image_get_width (const FlImage *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return image->bgr.cols;
}

int
fl_image_get_height (const FlImage *image)
{
  g_return_val_if_fail (image != NULL, 0);
  return image->bgr.rows;
}

const char *
fl_image_get_format (const FlImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  return image->format.c_str ();
}

GBytes *
fl_image_get_rgb (const FlImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  gsize row_bytes = (gsize) image->bgr.cols * 3;
  guint8 *rgb = (guint8 *) g_malloc (row_bytes * image->bgr.rows);
  cv::Mat out (image->bgr.rows, image->bgr.cols, CV_8UC3, rgb, row_bytes);

  cv::cvtColor (image->bgr, out, cv::COLOR_BGR2RGB);
  return g_bytes_new_take (rgb, row_bytes * image->bgr.rows);
}

GPtrArray *
fl_matcher_detect (FlMatcher *self, FlImage *image, FlDetectFlags flags, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (image != NULL, NULL);
  g_autoptr(GPtrArray) faces = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_face_free);

  try
    {
      for (const Candidate &c : find_faces (self, image, flags))
        g_ptr_array_add (faces, make_face (self, image, c));
      return (GPtrArray *) g_steal_pointer (&faces);
    }
  catch (...)
    {
      set_error_from_exception (error);
      return NULL;
    }
}

FlFace *
fl_matcher_face_from_eyes (FlMatcher *self, FlImage *image, FlPoint image_left_eye, FlPoint image_right_eye,
                           GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (image != NULL, NULL);
  try
    {
      double dx = image_right_eye.x - image_left_eye.x, dy = image_right_eye.y - image_left_eye.y;
      double distance = std::hypot (dx, dy);
      if (!(distance >= 2.0))
        fail (FL_ERROR_INVALID, "The two eye centres are %.1f px apart: place one marker on each eye.", distance);
      for (const FlPoint &p : { image_left_eye, image_right_eye })
        if (!(p.x >= 0 && p.y >= 0 && p.x < image->bgr.cols && p.y < image->bgr.rows))
          fail (FL_ERROR_INVALID, "An eye marker (%.0f, %.0f) lies outside the %d × %d image: place it on the eye.",
                p.x, p.y, image->bgr.cols, image->bgr.rows);

      /* the similarity transform that puts the eyes where dlib's chip convention puts them */
      std::vector<dlib::dpoint> chip_points = { chip_eye (0), chip_eye (1) };
      std::vector<dlib::dpoint> img_points = { dlib::dpoint (image_left_eye.x, image_left_eye.y),
                                               dlib::dpoint (image_right_eye.x, image_right_eye.y) };
      dlib::chip_details details (chip_points, img_points, dlib::chip_dims (FL_CHIP_SIZE, FL_CHIP_SIZE));
      g_autofree FlFace *face = g_new0 (FlFace, 1);

      face->detector = FL_DETECTOR_MANUAL;
      face->confidence = 1.0;
      face->n_landmarks = 0;
      face->eyes[0] = image_left_eye;
      face->eyes[1] = image_right_eye;
      /* a box like HOG's: on 116 near-frontal faces (|yaw| < 15°) HOG boxes measured 2.33 ×
       * the inter-eye distance (median; 80 % within 2.17–2.67), centred 0.49 × it below the eyes */
      double side = 2.33 * distance;
      double cx = (image_left_eye.x + image_right_eye.x) / 2 - 0.49 * dy;
      double cy = (image_left_eye.y + image_right_eye.y) / 2 + 0.49 * dx;
      face->box = { cx - side / 2, cy - side / 2, side, side };
      extract_chip (image, details, face);
      return (FlFace *) g_steal_pointer (&face);
    }
  catch (...)
    {
      set_error_from_exception (error);
      return NULL;
    }
}

FlFace *
fl_face_copy (const FlFace *face)
{
  g_return_val_if_fail (face != NULL, NULL);
  return (FlFace *) g_memdup2 (face, sizeof *face);
}

void
fl_face_free (FlFace *face)
{
  g_free (face);
}

FlDetector
fl_face_get_detector (const FlFace *face)
{
  g_return_val_if_fail (face != NULL, FL_DETECTOR_MANUAL);
  return face->detector;
}

double
fl_face_get_confidence (const FlFace *face)
{
  g_return_val_if_fail (face != NULL, 0.0);
  return face->confidence;
}

FlRect
fl_face_get_box (const FlFace *face)
{
  FlRect none = { 0, 0, 0, 0 };
  g_return_val_if_fail (face != NULL, none);
  return face->box;
}

guint
fl_face_get_landmarks (const FlFace *face, FlPoint points[FL_N_LANDMARKS])
{
  g_return_val_if_fail (face != NULL, 0);
  if (points != NULL)
    memcpy (points, face->landmarks, sizeof (FlPoint) * face->n_landmarks);
  return face->n_landmarks;
}

void
fl_face_get_eyes (const FlFace *face, FlPoint *image_left_eye, FlPoint *image_right_eye)
{
  g_return_if_fail (face != NULL);
  if (image_left_eye != NULL)
    *image_left_eye = face->eyes[0];
  if (image_right_eye != NULL)
    *image_right_eye = face->eyes[1];
}

const guint8 *
fl_face_get_chip_rgb (const FlFace *face)
{
  g_return_val_if_fail (face != NULL, NULL);
  return face->chip;
}

const char *
fl_detector_to_string (FlDetector detector)
{
  switch (detector)
    {
    case FL_DETECTOR_HOG:
      return "hog";
    case FL_DETECTOR_HOG_UPSAMPLED:
      return "hog-upsampled";
    case FL_DETECTOR_SSD:
      return "ssd";
    case FL_DETECTOR_MANUAL:
      return "manual";
    default:
      return "unknown";
    }
}

gboolean
fl_matcher_compute_template (FlMatcher *self, const FlFace *face, float *out_template, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (face != NULL, FALSE);
  g_return_val_if_fail (out_template != NULL, FALSE);
  return fl_matcher_template_from_chip (self, face->chip, FL_CHIP_SIZE * 3, out_template, error);
}

gboolean
fl_matcher_template_from_chip (FlMatcher *self, const guint8 *chip_rgb, gsize stride, float *out_template,
                               GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (chip_rgb != NULL, FALSE);
  g_return_val_if_fail (stride >= FL_CHIP_SIZE * 3, FALSE);
  g_return_val_if_fail (out_template != NULL, FALSE);
  try
    {
      descriptor (self, chip_rgb, stride, out_template);
      return TRUE;
    }
  catch (...)
    {
      set_error_from_exception (error);
      return FALSE;
    }
}

float
fl_template_similarity (const float *a, const float *b)
{
  float dot = 0;

  g_return_val_if_fail (a != NULL && b != NULL, 0.0f);
  for (int i = 0; i < FL_TEMPLATE_LENGTH; i++)
    dot += a[i] * b[i];
  return dot;
}

FlQuality *
fl_matcher_assess_quality (FlMatcher *self, FlImage *image, const FlFace *face, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (face != NULL, NULL);
  try
    {
      return assess (self, image, face);
    }
  catch (...)
    {
      set_error_from_exception (error);
      return NULL;
    }
}

void
fl_quality_free (FlQuality *quality)
{
  if (quality == NULL)
    return;
  g_free (quality->reasons);
  g_free (quality);
}

const char *
fl_suitability_to_string (FlSuitability suitability)
{
  switch (suitability)
    {
    case FL_SUITABILITY_SUITABLE:
      return "suitable";
    case FL_SUITABILITY_MARGINAL:
      return "marginal";
    case FL_SUITABILITY_UNSUITABLE:
      return "unsuitable";
    default:
      return "unknown";
    }
}

static void
json_number (GString *s, const char *name, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "\"%s\":", name);
  if (std::isfinite (v))
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", v));
  else
    g_string_append (s, "null");
  g_string_append_c (s, ',');
}

char *
fl_quality_to_json (const FlQuality *q)
{
  g_return_val_if_fail (q != NULL, NULL);
  GString *s = g_string_new ("{");
  g_auto(GStrv) lines = g_strsplit (q->reasons != NULL ? q->reasons : "", "\n", -1);

  json_number (s, "face_width", q->face_width);
  json_number (s, "face_height", q->face_height);
  json_number (s, "inter_eye_px", q->inter_eye_px);
  json_number (s, "sharpness", q->sharpness);
  json_number (s, "shadows_clipped", q->shadows_clipped);
  json_number (s, "highlights_clipped", q->highlights_clipped);
  json_number (s, "brisque", q->brisque);
  json_number (s, "yaw_degrees", q->yaw_degrees);
  json_number (s, "roll_degrees", q->roll_degrees);
  g_string_append_printf (s, "\"suitability\":\"%s\",\"reasons\":[", fl_suitability_to_string (q->suitability));
  for (guint i = 0, n = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      g_string_append (s, n++ ? ",\"" : "\"");
      for (const char *c = lines[i]; *c; c++)
        {
          if (*c == '"' || *c == '\\')
            g_string_append_c (s, '\\');
          g_string_append_c (s, *c);
        }
      g_string_append_c (s, '"');
    }
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

} /* extern "C" */

/* ==================================================================================== */
/* Enhancement (R10)                                                                    */
/*                                                                                      */
/* The operations below are the complete list. There is no flip and no tool that        */
/* paints, pastes, clones or synthesises any part of a face, and none may be added:     */
/* a recipe must stay a record of global adjustments and resamplings of the original.   */
/*                                                                                      */
/* Determinism: every operation computes each output pixel from its input alone (per-  */
/* pixel arithmetic, separable filters, warps and resizes that OpenCV parallelises by   */
/* rows with no shared accumulator, integer histograms), so the result does not depend  */
/* on how many threads OpenCV uses; tests/test-enhance checks 1 thread against several. */

#define N_(text) (text)

namespace {

/* The working image: float BGR 0 … 255, and which pixels come from the original
 * (255) rather than from the canvas a rotation added (0). */
struct Canvas
{
  cv::Mat img;
  cv::Mat mask;
  bool has_canvas = false;  /* some pixels are canvas (mask 0) */
};

/* What a step does to the image's geometry at a given size. */
struct StepGeometry
{
  bool moves = false;            /* false: pixels stay where they are */
  cv::Rect crop;                 /* crop: the rectangle kept */
  int rotate_code = -1;          /* rotation by a multiple of 90°: cv::rotate's code, exact */
  bool warp = false;             /* any other rotation: cv::warpAffine by m */
  cv::Matx23d m = cv::Matx23d (1, 0, 0, 0, 1, 0);
  int width = 0, height = 0;     /* size after the step */
};

} /* namespace */

static const FlEnhanceOpInfo enhance_ops[FL_ENHANCE_N_OPS] = {
  { "crop", N_("Crop"), TRUE, 4, {
      { "x", N_("Left"), "px", 0, 100000, 0, 1, 0, FALSE },
      { "y", N_("Top"), "px", 0, 100000, 0, 1, 0, FALSE },
      { "width", N_("Width"), "px", 16, 100000, 16, 1, 0, FALSE },
      { "height", N_("Height"), "px", 16, 100000, 16, 1, 0, FALSE } } },
  { "rotate", N_("Rotate"), TRUE, 1, {
      { "angle", N_("Angle (counter-clockwise)"), "°", -180, 180, 0, 0.1, 2, FALSE } } },
  { "level_eyes", N_("Level the eyes"), TRUE, 6, {
      { "angle", N_("Angle (counter-clockwise)"), "°", -180, 180, 0, 0.1, 3, FALSE },
      { "left_eye_x", N_("Left eye x"), "px", 0, 100000, 0, 1, 2, FALSE },
      { "left_eye_y", N_("Left eye y"), "px", 0, 100000, 0, 1, 2, FALSE },
      { "right_eye_x", N_("Right eye x"), "px", 0, 100000, 1, 1, 2, FALSE },
      { "right_eye_y", N_("Right eye y"), "px", 0, 100000, 0, 1, 2, FALSE },
      { "eyes_by_hand", N_("Eyes placed by hand"), "", 0, 1, 0, 1, 0, FALSE } } },
  { "brightness_contrast", N_("Brightness and contrast"), FALSE, 2, {
      { "brightness", N_("Brightness"), "", -100, 100, 0, 1, 1, FALSE },
      { "contrast", N_("Contrast"), "×", 0.25, 4, 1, 0.05, 2, FALSE } } },
  { "gamma", N_("Gamma"), FALSE, 1, {
      { "gamma", N_("Gamma"), "", 0.2, 5, 1, 0.05, 2, FALSE } } },
  { "auto_levels", N_("Auto levels"), FALSE, 2, {
      { "shadows_clip", N_("Shadows clipped"), "%", 0, 10, 0.5, 0.1, 2, FALSE },
      { "highlights_clip", N_("Highlights clipped"), "%", 0, 10, 0.5, 0.1, 2, FALSE } } },
  { "clahe", N_("Local contrast (CLAHE)"), FALSE, 2, {
      { "clip_limit", N_("Clip limit"), "", 0.5, 10, 2, 0.1, 1, FALSE },
      { "tiles", N_("Tiles per side"), "", 2, 16, 8, 1, 0, FALSE } } },
  { "denoise", N_("Reduce noise"), FALSE, 4, {
      { "strength", N_("Strength"), "", 1, 30, 5, 0.5, 1, FALSE },
      { "color_strength", N_("Colour strength"), "", 0, 30, 5, 0.5, 1, FALSE },
      { "template_window", N_("Patch size"), "px", 3, 15, 7, 2, 0, TRUE },
      { "search_window", N_("Search window"), "px", 7, 35, 21, 2, 0, TRUE } } },
  { "unsharp_mask", N_("Unsharp mask"), FALSE, 3, {
      { "radius", N_("Radius (sigma)"), "px", 0.3, 10, 1.5, 0.1, 1, FALSE },
      { "amount", N_("Amount"), "×", 0, 5, 1, 0.05, 2, FALSE },
      { "threshold", N_("Threshold"), "", 0, 50, 0, 1, 0, FALSE } } },
  { "grayscale", N_("Greyscale"), FALSE, 0, {} },
  { "upscale", N_("Upscale (Lanczos)"), TRUE, 1, {
      { "factor", N_("Factor"), "×", 1, 2, 1.5, 0.05, 2, FALSE } } },
};

/* What the recorded level-eyes angle may differ from the angle of its eyes. */
static const double LEVEL_ANGLE_TOLERANCE = 0.001;

static std::string
format_param (const FlEnhanceParamInfo &p, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = g_strdup_printf ("%%.%df", p.digits);

  g_ascii_formatd (buf, sizeof buf, format, v);
  if (p.unit[0] == '\0' || strcmp (p.unit, "×") == 0)
    return buf;
  /* "12 px", but "3.5°" and "0.5%" */
  return std::string (buf) + (strcmp (p.unit, "px") == 0 ? " " : "") + p.unit;
}

static void
validate_step (const FlEnhanceStep &step)
{
  if ((int) step.op < 0 || (int) step.op >= FL_ENHANCE_N_OPS)
    fail (FL_ERROR_INVALID, "Enhancement operation %d does not exist: use one of the listed operations.", (int) step.op);
  const FlEnhanceOpInfo &info = enhance_ops[step.op];

  for (guint i = 0; i < info.n_params; i++)
    {
      const FlEnhanceParamInfo &p = info.params[i];
      double v = step.params[i];

      if (!std::isfinite (v) || v < p.min || v > p.max)
        fail (FL_ERROR_INVALID, "%s: %s %s is out of range: use %s to %s.", info.label, p.label,
              std::isfinite (v) ? format_param (p, v).c_str () : "(not a number)",
              format_param (p, p.min).c_str (), format_param (p, p.max).c_str ());
      if (p.digits == 0 && v != std::floor (v))
        fail (FL_ERROR_INVALID, "%s: %s must be a whole number (%s to %s).", info.label, p.label,
              format_param (p, p.min).c_str (), format_param (p, p.max).c_str ());
      if (p.odd && std::fmod (v, 2.0) != 1.0)
        fail (FL_ERROR_INVALID, "%s: %s must be an odd number of pixels (%s to %s).", info.label, p.label,
              format_param (p, p.min).c_str (), format_param (p, p.max).c_str ());
    }

  if (step.op == FL_ENHANCE_DENOISE && step.params[3] < step.params[2])
    fail (FL_ERROR_INVALID, "Reduce noise: the search window (%.0f px) must be at least the patch size (%.0f px).",
          step.params[3], step.params[2]);
  if (step.op == FL_ENHANCE_LEVEL_EYES)
    {
      double dx = step.params[3] - step.params[1], dy = step.params[4] - step.params[2];
      if (std::hypot (dx, dy) < 8.0)
        fail (FL_ERROR_INVALID, "Level the eyes: the two eyes are less than 8 px apart; place one marker on each "
              "eye centre.");
      double angle = std::atan2 (dy, dx) * 180.0 / CV_PI;
      if (std::fabs (angle - step.params[0]) > LEVEL_ANGLE_TOLERANCE)
        fail (FL_ERROR_INVALID, "Level the eyes: the angle %.3f° does not match the recorded eyes (%.3f°); add the "
              "step again from the eye positions.", step.params[0], angle);
    }
}

/* Rounding half away from zero, as the stored decimal text reads. */
static double
round_to (double v, int digits)
{
  double f = std::pow (10.0, digits);
  return std::round (v * f) / f;
}

/* The rotation about the centre by @degrees (positive counter-clockwise), onto a
 * canvas that holds the whole turned image. */
static void
rotation_geometry (double degrees, int w, int h, StepGeometry &g)
{
  double turns = degrees / 90.0;
  double c, s;

  if (turns == std::floor (turns))
    {
      /* Exact quarter turns: cv::rotate moves pixels without resampling. */
      int q = ((int) turns % 4 + 4) % 4;
      static const double cs[4][2] = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };
      c = cs[q][0];
      s = cs[q][1];
      g.rotate_code = q == 0 ? -1 : q == 1 ? cv::ROTATE_90_COUNTERCLOCKWISE : q == 2 ? cv::ROTATE_180
                                                                                     : cv::ROTATE_90_CLOCKWISE;
      g.width = q % 2 ? h : w;
      g.height = q % 2 ? w : h;
    }
  else
    {
      double rad = degrees * CV_PI / 180.0;
      c = std::cos (rad);
      s = std::sin (rad);
      g.warp = true;
      g.width = (int) std::ceil (w * std::fabs (c) + h * std::fabs (s) - 1e-6);
      g.height = (int) std::ceil (w * std::fabs (s) + h * std::fabs (c) - 1e-6);
    }
  double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
  double ncx = (g.width - 1) / 2.0, ncy = (g.height - 1) / 2.0;
  /* cv::getRotationMatrix2D's convention, then the centre moved to the new canvas's. */
  g.m = cv::Matx23d (c, s, (1 - c) * cx - s * cy + (ncx - cx),
                     -s, c, s * cx + (1 - c) * cy + (ncy - cy));
  g.moves = g.rotate_code >= 0 || g.warp;
}

static void
check_size (const char *what, guint64 w, guint64 h)
{
  if (w * h > FL_MAX_IMAGE_PIXELS)
    fail (FL_ERROR_INVALID, "%s would make a %" G_GUINT64_FORMAT " × %" G_GUINT64_FORMAT " image, more than "
          "%d megapixels: crop first or use a smaller factor.", what, w, h, FL_MAX_IMAGE_PIXELS / 1000000);
}

/* The geometry of @step on a @w × @h image. @scale (≤ 1) is the preview's: its crop
 * rectangle is scaled and clamped to the image; at 1 a crop outside the image fails. */
static StepGeometry
step_geometry (const FlEnhanceStep &step, int w, int h, double scale)
{
  StepGeometry g;
  g.width = w;
  g.height = h;

  switch (step.op)
    {
    case FL_ENHANCE_CROP:
      {
        const double *p = step.params;
        if (scale == 1.0)
          {
            if (p[0] + p[2] > w || p[1] + p[3] > h)
              fail (FL_ERROR_INVALID, "Crop: the rectangle (left %.0f, top %.0f, %.0f × %.0f px) reaches outside the "
                    "%d × %d px image at this step: keep left + width ≤ %d and top + height ≤ %d.",
                    p[0], p[1], p[2], p[3], w, h, w, h);
            g.crop = cv::Rect ((int) p[0], (int) p[1], (int) p[2], (int) p[3]);
          }
        else
          {
            int x = std::min ((int) std::lround (p[0] * scale), w - 1);
            int y = std::min ((int) std::lround (p[1] * scale), h - 1);
            int cw = std::max (1, std::min ((int) std::lround (p[2] * scale), w - x));
            int ch = std::max (1, std::min ((int) std::lround (p[3] * scale), h - y));
            g.crop = cv::Rect (x, y, cw, ch);
          }
        g.moves = true;
        g.width = g.crop.width;
        g.height = g.crop.height;
        g.m = cv::Matx23d (1, 0, -g.crop.x, 0, 1, -g.crop.y);
        break;
      }
    case FL_ENHANCE_ROTATE:
    case FL_ENHANCE_LEVEL_EYES:
      rotation_geometry (step.params[0], w, h, g);
      check_size (enhance_ops[step.op].label, (guint64) g.width, (guint64) g.height);
      break;
    case FL_ENHANCE_UPSCALE:
      {
        double f = step.params[0];
        g.width = (int) std::lround (w * f);
        g.height = (int) std::lround (h * f);
        check_size ("Upscale", (guint64) g.width, (guint64) g.height);
        double fx = (double) g.width / w, fy = (double) g.height / h;
        /* cv::resize samples destination x at source (x + 0.5) / fx − 0.5. */
        g.m = cv::Matx23d (fx, 0, 0.5 * fx - 0.5, 0, fy, 0.5 * fy - 0.5);
        g.moves = g.width != w || g.height != h;
        break;
      }
    default:
      break;
    }
  return g;
}

static void
clamp_255 (cv::Mat &m)
{
  cv::min (m, 255.0, m);
  cv::max (m, 0.0, m);
}

static void
apply_geometry (Canvas &c, const StepGeometry &g, int interpolation)
{
  if (g.crop.area () > 0)
    {
      c.img = c.img (g.crop).clone ();
      c.mask = c.mask (g.crop).clone ();
    }
  else if (g.rotate_code >= 0)
    {
      cv::rotate (c.img, c.img, g.rotate_code);
      cv::rotate (c.mask, c.mask, g.rotate_code);
    }
  else if (g.warp)
    {
      cv::Mat img, mask;
      /* Replicated borders keep the image's own edge pixels from being darkened by the
       * black canvas; what lies outside the original is then set to black by the mask. */
      cv::warpAffine (c.img, img, g.m, cv::Size (g.width, g.height), interpolation, cv::BORDER_REPLICATE);
      cv::warpAffine (c.mask, mask, g.m, cv::Size (g.width, g.height), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                      cv::Scalar (0));
      cv::threshold (mask, mask, 127, 255, cv::THRESH_BINARY);
      img.setTo (cv::Scalar::all (0), mask == 0);
      clamp_255 (img);
      c.img = img;
      c.mask = mask;
      c.has_canvas = true;
    }
  else if (g.moves)
    {
      cv::Mat img, mask;
      cv::resize (c.img, img, cv::Size (g.width, g.height), 0, 0, cv::INTER_LANCZOS4);
      cv::resize (c.mask, mask, cv::Size (g.width, g.height), 0, 0, cv::INTER_NEAREST);
      clamp_255 (img);
      c.img = img;
      c.mask = mask;
    }
}

static void
auto_levels (Canvas &c, double shadows_percent, double highlights_percent)
{
  const int bins = 4096;
  std::vector<gint64> hist (bins, 0);
  cv::Mat luma;
  gint64 total = 0;

  cv::cvtColor (c.img, luma, cv::COLOR_BGR2GRAY);
  for (int y = 0; y < luma.rows; y++)
    {
      const float *l = luma.ptr<float> (y);
      const guint8 *m = c.mask.ptr<guint8> (y);
      for (int x = 0; x < luma.cols; x++)
        if (m[x])
          {
            hist[std::clamp ((int) (l[x] * (bins / 256.0f)), 0, bins - 1)]++;
            total++;
          }
    }
  if (total == 0)
    return;

  /* The black point: the lowest level with more than shadows_percent of the pixels at or below it. */
  double low_limit = total * shadows_percent / 100.0, high_limit = total * highlights_percent / 100.0;
  gint64 sum = 0;
  int lo = 0, hi = bins - 1;
  for (; lo < bins - 1; lo++)
    if ((sum += hist[lo]) > low_limit)
      break;
  sum = 0;
  for (; hi > 0; hi--)
    if ((sum += hist[hi]) > high_limit)
      break;
  double black = lo * (256.0 / bins), white = (hi + 1) * (256.0 / bins);
  if (white - black < 2.0)
    return;  /* a flat image: nothing to stretch */
  double gain = 255.0 / (white - black);
  c.img.convertTo (c.img, CV_32F, gain, -black * gain);
  clamp_255 (c.img);
}

static void
clahe (Canvas &c, double clip_limit, int tiles)
{
  cv::Mat unit, lab, l8, l8_out, before, after;
  std::vector<cv::Mat> planes;

  c.img.convertTo (unit, CV_32F, 1.0 / 255.0);
  cv::cvtColor (unit, lab, cv::COLOR_BGR2Lab);
  cv::split (lab, planes);
  /* CLAHE needs 8-bit levels; only its change is added, so L keeps its fractions. */
  planes[0].convertTo (l8, CV_8U, 255.0 / 100.0);
  cv::Ptr<cv::CLAHE> op = cv::createCLAHE (clip_limit, cv::Size (tiles, tiles));
  op->apply (l8, l8_out);
  l8.convertTo (before, CV_32F, 100.0 / 255.0);
  l8_out.convertTo (after, CV_32F, 100.0 / 255.0);
  planes[0] += after - before;
  cv::min (planes[0], 100.0, planes[0]);
  cv::max (planes[0], 0.0, planes[0]);
  cv::merge (planes, lab);
  cv::cvtColor (lab, unit, cv::COLOR_Lab2BGR);
  unit.convertTo (c.img, CV_32F, 255.0);
  clamp_255 (c.img);
}

/* An odd window of at least @min px for @px scaled by @scale. */
static int
scaled_window (double px, double scale, int min)
{
  int w = (int) std::lround (px * scale);
  w |= 1;
  return std::max (w, min);
}

static void
denoise (Canvas &c, double h, double h_color, int template_window, int search_window)
{
  cv::Mat src8, dst8, before, after;

  /* fastNlMeans works on 8-bit colour: only its change is added to the float pixels. */
  c.img.convertTo (src8, CV_8U);
  cv::fastNlMeansDenoisingColored (src8, dst8, (float) h, (float) h_color, template_window, search_window);
  src8.convertTo (before, CV_32F);
  dst8.convertTo (after, CV_32F);
  c.img += after - before;
  clamp_255 (c.img);
}

static void
unsharp_mask (Canvas &c, double sigma, double amount, double threshold)
{
  cv::Mat blur, diff;

  cv::GaussianBlur (c.img, blur, cv::Size (), sigma, sigma, cv::BORDER_REFLECT_101);
  cv::subtract (c.img, blur, diff);
  if (threshold > 0)
    diff.setTo (cv::Scalar::all (0), cv::abs (diff) < threshold);
  cv::scaleAdd (diff, amount, c.img, c.img);
  clamp_255 (c.img);
}

/* One step at @scale (preview pixels per full-resolution pixel). */
static void
apply_step (Canvas &c, const FlEnhanceStep &step, double scale)
{
  const double *p = step.params;

  switch (step.op)
    {
    case FL_ENHANCE_CROP:
    case FL_ENHANCE_ROTATE:
    case FL_ENHANCE_LEVEL_EYES:
    case FL_ENHANCE_UPSCALE:
      apply_geometry (c, step_geometry (step, c.img.cols, c.img.rows, scale), cv::INTER_CUBIC);
      break;
    case FL_ENHANCE_BRIGHTNESS_CONTRAST:
      c.img.convertTo (c.img, CV_32F, p[1], p[0] + 127.5 * (1.0 - p[1]));
      clamp_255 (c.img);
      break;
    case FL_ENHANCE_GAMMA:
      {
        cv::Mat unit;
        c.img.convertTo (unit, CV_32F, 1.0 / 255.0);
        cv::pow (unit, 1.0 / p[0], unit);
        unit.convertTo (c.img, CV_32F, 255.0);
        clamp_255 (c.img);
        break;
      }
    case FL_ENHANCE_AUTO_LEVELS:
      auto_levels (c, p[0], p[1]);
      break;
    case FL_ENHANCE_CLAHE:
      clahe (c, p[0], (int) p[1]);
      break;
    case FL_ENHANCE_DENOISE:
      {
        int tw = scaled_window (p[2], scale, 3);
        int sw = std::max (scaled_window (p[3], scale, 5), tw);
        denoise (c, p[0], p[1], tw, sw);
        break;
      }
    case FL_ENHANCE_UNSHARP_MASK:
      unsharp_mask (c, std::max (p[0] * scale, 0.1), p[1], p[2]);
      break;
    case FL_ENHANCE_GRAYSCALE:
      {
        cv::Mat grey;
        cv::cvtColor (c.img, grey, cv::COLOR_BGR2GRAY);
        cv::cvtColor (grey, c.img, cv::COLOR_GRAY2BGR);
        break;
      }
    default:
      fail (FL_ERROR_INVALID, "Enhancement operation %d does not exist.", (int) step.op);
    }
  /* The canvas a rotation added is not image: tone and filters leave it black. */
  if (c.has_canvas && !enhance_ops[step.op].geometric)
    c.img.setTo (cv::Scalar::all (0), c.mask == 0);
}

static Canvas
canvas_from (const cv::Mat &bgr8)
{
  Canvas c;
  bgr8.convertTo (c.img, CV_32F);
  c.mask = cv::Mat (bgr8.size (), CV_8U, cv::Scalar (255));
  return c;
}

static Canvas
canvas_clone (const Canvas &c)
{
  return Canvas { c.img.clone (), c.mask.clone (), c.has_canvas };
}

static FlImage *
image_from_canvas (const Canvas &c)
{
  auto image = std::make_unique<FlImage> ();
  c.img.convertTo (image->bgr, CV_8U);  /* the one rounding to 8 bits */
  cv::cvtColor (image->bgr, image->gray, cv::COLOR_BGR2GRAY);
  image->format = "png";
  return image.release ();
}

static void
check_cancelled (GCancellable *cancellable)
{
  if (g_cancellable_is_cancelled (cancellable))
    fail (FL_ERROR_CANCELLED, "The enhancement was cancelled; nothing was saved.");
}

static void
validate_recipe (const FlEnhanceStep *steps, guint n)
{
  if (n > FL_ENHANCE_MAX_STEPS)
    fail (FL_ERROR_INVALID, "A recipe has at most %d steps; this one has %u. Remove steps you do not need.",
          FL_ENHANCE_MAX_STEPS, n);
  for (guint i = 0; i < n; i++)
    validate_step (steps[i]);
}

static bool
same_step (const FlEnhanceStep &a, const FlEnhanceStep &b)
{
  if (a.op != b.op)
    return false;
  for (guint i = 0; i < enhance_ops[a.op].n_params; i++)
    if (a.params[i] != b.params[i])
      return false;
  return true;
}

struct _FlEnhancePreview
{
  Canvas source;                       /* the original at preview size */
  double scale = 1.0;
  std::vector<FlEnhanceStep> last;     /* the steps last asked for (rendered or not) */
  std::vector<FlEnhanceStep> anchor_steps;  /* the steps that made the anchor */
  bool has_anchor = false;
  Canvas anchor;                       /* the image before the step changed last */
};

extern "C" {

const FlEnhanceOpInfo *
fl_enhance_op_get_info (FlEnhanceOp op)
{
  g_return_val_if_fail ((int) op >= 0 && (int) op < FL_ENHANCE_N_OPS, NULL);
  return &enhance_ops[op];
}

gboolean
fl_enhance_op_from_id (const char *id, FlEnhanceOp *out_op, GError **error)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (int i = 0; i < FL_ENHANCE_N_OPS; i++)
    {
      if (g_strcmp0 (id, enhance_ops[i].id) == 0)
        {
          if (out_op)
            *out_op = (FlEnhanceOp) i;
          return TRUE;
        }
      g_string_append_printf (names, "%s%s", i ? ", " : "", enhance_ops[i].id);
    }
  g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
               "“%s” is not an enhancement operation. FaceLeads enhances with %s only; it has no tool that flips "
               "an image or paints, pastes, clones or synthesises any part of a face (R10).",
               id ? id : "", names->str);
  return FALSE;
}

void
fl_enhance_step_init (FlEnhanceStep *step, FlEnhanceOp op)
{
  g_return_if_fail (step != NULL);
  g_return_if_fail ((int) op >= 0 && (int) op < FL_ENHANCE_N_OPS);
  memset (step, 0, sizeof *step);
  step->op = op;
  for (guint i = 0; i < enhance_ops[op].n_params; i++)
    step->params[i] = enhance_ops[op].params[i].default_value;
}

void
fl_enhance_step_normalize (FlEnhanceStep *step)
{
  g_return_if_fail (step != NULL);
  if ((int) step->op < 0 || (int) step->op >= FL_ENHANCE_N_OPS)
    return;
  const FlEnhanceOpInfo &info = enhance_ops[step->op];
  for (guint i = 0; i < info.n_params; i++)
    {
      double v = step->params[i];
      if (!std::isfinite (v))
        continue;
      v = round_to (v, info.params[i].digits);
      if (info.params[i].odd && std::fmod (v, 2.0) == 0.0)
        v += 1;
      step->params[i] = v == 0 ? 0 : v;  /* no "-0" in stored text */
    }
  for (guint i = info.n_params; i < FL_ENHANCE_MAX_PARAMS; i++)
    step->params[i] = 0;
}

gboolean
fl_enhance_step_validate (const FlEnhanceStep *step, GError **error)
{
  g_return_val_if_fail (step != NULL, FALSE);
  try
    {
      validate_step (*step);
      return TRUE;
    }
  catch (...)
    {
      set_error_from_exception (error);
      return FALSE;
    }
}

void
fl_enhance_step_level_eyes (FlEnhanceStep *step, FlPoint image_left_eye, FlPoint image_right_eye,
                            gboolean placed_by_hand)
{
  g_return_if_fail (step != NULL);
  fl_enhance_step_init (step, FL_ENHANCE_LEVEL_EYES);
  step->params[1] = round_to (image_left_eye.x, 2);
  step->params[2] = round_to (image_left_eye.y, 2);
  step->params[3] = round_to (image_right_eye.x, 2);
  step->params[4] = round_to (image_right_eye.y, 2);
  step->params[5] = placed_by_hand ? 1 : 0;
  /* From the rounded eyes, so the stored step validates against what it records. */
  step->params[0] = round_to (std::atan2 (step->params[4] - step->params[2], step->params[3] - step->params[1]) *
                              180.0 / CV_PI, 3);
  if (step->params[0] == 0)
    step->params[0] = 0;
}

gboolean
fl_enhance_recipe_geometry (const FlEnhanceStep *steps, guint n_steps, int width, int height, double matrix[6],
                            int *out_width, int *out_height, GError **error)
{
  g_return_val_if_fail (steps != NULL || n_steps == 0, FALSE);
  try
    {
      validate_recipe (steps, n_steps);
      cv::Matx33d total = cv::Matx33d::eye ();
      int w = width, h = height;
      for (guint i = 0; i < n_steps; i++)
        {
          StepGeometry g = step_geometry (steps[i], w, h, 1.0);
          cv::Matx33d m (g.m (0, 0), g.m (0, 1), g.m (0, 2), g.m (1, 0), g.m (1, 1), g.m (1, 2), 0, 0, 1);
          total = m * total;
          w = g.width;
          h = g.height;
        }
      if (matrix != NULL)
        for (int i = 0; i < 6; i++)
          matrix[i] = total (i / 3, i % 3);
      if (out_width)
        *out_width = w;
      if (out_height)
        *out_height = h;
      return TRUE;
    }
  catch (...)
    {
      set_error_from_exception (error);
      return FALSE;
    }
}

gboolean
fl_image_apply_recipe_full (const FlImage *original, const FlEnhanceStep *steps, guint n_steps,
                            FlEnhanceProgressFunc progress, gpointer progress_data, GCancellable *cancellable,
                            FlImage **out, GError **error)
{
  g_return_val_if_fail (original != NULL, FALSE);
  g_return_val_if_fail (steps != NULL || n_steps == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  try
    {
      validate_recipe (steps, n_steps);
      /* Geometry first: a crop outside the image fails before any pixel work. */
      int w = original->bgr.cols, h = original->bgr.rows;
      for (guint i = 0; i < n_steps; i++)
        {
          StepGeometry g = step_geometry (steps[i], w, h, 1.0);
          w = g.width;
          h = g.height;
        }
      Canvas c = canvas_from (original->bgr);
      for (guint i = 0; i < n_steps; i++)
        {
          check_cancelled (cancellable);
          if (progress)
            progress (i, n_steps, progress_data);
          apply_step (c, steps[i], 1.0);
        }
      check_cancelled (cancellable);
      if (progress)
        progress (n_steps, n_steps, progress_data);
      *out = image_from_canvas (c);
      return TRUE;
    }
  catch (...)
    {
      set_error_from_exception (error);
      return FALSE;
    }
}

gboolean
fl_image_apply_recipe (const FlImage *original, const FlEnhanceStep *steps, guint n_steps, FlImage **out,
                       GError **error)
{
  return fl_image_apply_recipe_full (original, steps, n_steps, NULL, NULL, NULL, out, error);
}

GBytes *
fl_image_encode_png (const FlImage *image, GError **error)
{
  g_return_val_if_fail (image != NULL, NULL);
  try
    {
      std::vector<guint8> buf;
      /* Fixed settings: the bytes depend on the pixels (and zlib's version) only. */
      const std::vector<int> params = { cv::IMWRITE_PNG_COMPRESSION, 6,
                                        cv::IMWRITE_PNG_STRATEGY, cv::IMWRITE_PNG_STRATEGY_DEFAULT };
      if (!cv::imencode (".png", image->bgr, buf, params))
        fail (FL_ERROR_FAILED, "The enhanced image could not be encoded as PNG: report this with the recipe.");
      return g_bytes_new (buf.data (), buf.size ());
    }
  catch (...)
    {
      set_error_from_exception (error);
      return NULL;
    }
}

FlEnhancePreview *
fl_enhance_preview_new (const FlImage *original, int max_side)
{
  g_return_val_if_fail (original != NULL, NULL);
  g_return_val_if_fail (max_side >= 16, NULL);
  auto self = std::make_unique<FlEnhancePreview> ();
  int w = original->bgr.cols, h = original->bgr.rows;
  double scale = std::min (1.0, (double) max_side / std::max (w, h));
  cv::Mat small;

  if (scale < 1.0)
    {
      cv::Size size (std::max (1, (int) std::lround (w * scale)), std::max (1, (int) std::lround (h * scale)));
      cv::resize (original->bgr, small, size, 0, 0, cv::INTER_AREA);
      scale = (double) size.width / w;
    }
  else
    small = original->bgr;
  self->source = canvas_from (small);
  self->scale = scale;
  return self.release ();
}

void
fl_enhance_preview_free (FlEnhancePreview *preview)
{
  delete preview;
}

double
fl_enhance_preview_get_scale (const FlEnhancePreview *preview)
{
  g_return_val_if_fail (preview != NULL, 1.0);
  return preview->scale;
}

FlImage *
fl_enhance_preview_render (FlEnhancePreview *self, const FlEnhanceStep *steps, guint n_steps, gboolean geometry_only,
                           GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (steps != NULL || n_steps == 0, NULL);
  try
    {
      validate_recipe (steps, n_steps);
      if (geometry_only)
        {
          Canvas c = canvas_clone (self->source);
          for (guint i = 0; i < n_steps; i++)
            if (enhance_ops[steps[i].op].geometric)
              {
                check_cancelled (cancellable);
                apply_geometry (c, step_geometry (steps[i], c.img.cols, c.img.rows, self->scale), cv::INTER_LINEAR);
              }
          return image_from_canvas (c);
        }

      /* The first step that differs from the previous request: the one being edited. */
      size_t changed = 0;
      while (changed < n_steps && changed < self->last.size () && same_step (steps[changed], self->last[changed]))
        changed++;
      self->last.assign (steps, steps + n_steps);

      size_t anchor_index = self->anchor_steps.size ();
      bool usable = self->has_anchor && anchor_index <= changed;
      for (size_t i = 0; usable && i < anchor_index; i++)
        usable = same_step (steps[i], self->anchor_steps[i]);

      size_t start = usable ? anchor_index : 0;
      Canvas c = canvas_clone (usable ? self->anchor : self->source);
      for (size_t i = start; i < n_steps; i++)
        {
          if (i == changed && !(usable && anchor_index == changed))
            {
              self->anchor = canvas_clone (c);
              self->anchor_steps.assign (steps, steps + changed);
              self->has_anchor = true;
            }
          check_cancelled (cancellable);
          apply_step (c, steps[i], self->scale);
        }
      return image_from_canvas (c);
    }
  catch (...)
    {
      /* A failed or cancelled render leaves the anchor valid: it is an input, not a result. */
      set_error_from_exception (error);
      return NULL;
    }
}

} /* extern "C" */
