// ndthrust/ndthrust.h — everything: arrays, views, creation, copies and transfers, printing and .npy files.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/copy.h>
#include <ndthrust/core/array.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/creation.h>
#include <ndthrust/io/npy.h>
#include <ndthrust/io/print.h>
#include <ndthrust/quantile.h>
#include <ndthrust/transfer.h>
#include <ndthrust/views.h>
