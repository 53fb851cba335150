// ndthrust/ndthrust.h — everything: arrays and views, creation, copies and transfers, files and printing, and every
// algorithm family. Include a family's own header instead to keep compile times down.
#pragma once

#include <ndthrust/compare.h>
#include <ndthrust/config.h>
#include <ndthrust/copy.h>
#include <ndthrust/core/array.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/creation.h>
#include <ndthrust/elementwise.h>
#include <ndthrust/fft.h>
#include <ndthrust/graph.h>
#include <ndthrust/indexing.h>
#include <ndthrust/io/npy.h>
#include <ndthrust/io/print.h>
#include <ndthrust/join.h>
#include <ndthrust/linalg.h>
#include <ndthrust/promotion.h>
#include <ndthrust/quantile.h>
#include <ndthrust/random.h>
#include <ndthrust/reduce.h>
#include <ndthrust/scan.h>
#include <ndthrust/sort.h>
#include <ndthrust/transfer.h>
#include <ndthrust/ufuncs.h>
#include <ndthrust/views.h>
