#!/usr/bin/env Rscript
# The R side of `npm run bench:estudy2` (issue #12): estudy2 0.10.0 on the same real daily closes,
# the same securities (bench/estudy2/symbols.txt), event date and windows as bench/estudy2.ts.
# Prints one JSON object on stdout: load time, then wall and CPU seconds (proc.time, user +
# system) of estudy2's own work per run and per stage, and the numbers the TypeScript side checks
# its own against (event-window ARs of every security, estimation lengths, each test's statistic).
#
#   Rscript bench/estudy2/estudy2-bench.R --data DIR --symbols FILE --market SPY \
#     --event-date 2026-01-14 --estimation -250,-11 --window -1,1 [--runs 1] [--full-history]
#
# Windows are trading-day offsets from day 0 on the market's own dates, as the service counts
# them; they are turned into the calendar dates estudy2 takes. Day 0 is the first market date on
# or after --event-date. Prices are trimmed to the study's span (the close before the first
# estimation day through the last event day), as estudy2's vignette downloads only the year it
# studies; --full-history hands estudy2 every stored close instead (it then fits and predicts
# over ~2,150 days per security, and gets slower).

suppressPackageStartupMessages({
  library(zoo)
  library(estudy2)
})

args <- commandArgs(trailingOnly = TRUE)
option <- function(name, default = NULL) {
  i <- match(paste0("--", name), args)
  if (is.na(i)) {
    if (is.null(default)) stop("missing --", name)
    return(default)
  }
  args[[i + 1]]
}
offsets <- function(text) as.integer(strsplit(text, ",", fixed = TRUE)[[1]])

data_dir <- option("data")
symbols_file <- option("symbols")
market_symbol <- option("market", "SPY")
event_date <- as.Date(option("event-date"))
estimation <- offsets(option("estimation", "-250,-11"))
event_window <- offsets(option("window", "-1,1"))
runs <- as.integer(option("runs", "1"))
full_history <- "--full-history" %in% args

seconds <- function(from, to) {
  d <- to - from
  # CPU of this process and of any children it waited for (estudy2 starts none).
  cpu <- sum(d[c("user.self", "sys.self")]) + sum(d[c("user.child", "sys.child")], na.rm = TRUE)
  list(wall_s = unname(d[["elapsed"]]), cpu_s = unname(cpu))
}

# --- Loading: reading the CSVs into one zoo of closes (not estudy2's work, timed apart) ---------
load_start <- proc.time()
symbols <- trimws(readLines(symbols_file))
symbols <- symbols[symbols != "" & !startsWith(symbols, "#")]

read_closes <- function(symbol) {
  # Some files have close only: empty open/high/low read as NA and are not used.
  d <- utils::read.csv(file.path(data_dir, paste0(symbol, ".csv")),
                       colClasses = c("character", rep("numeric", 4)))
  d <- d[!is.na(d$close), ]
  zoo(d$close, as.Date(d$date))
}
market <- read_closes(market_symbol)
dates <- index(market)
pos0 <- which(dates >= event_date)[1]
if (is.na(pos0)) stop("no ", market_symbol, " date on or after ", event_date)
at <- function(offset) {
  p <- pos0 + offset
  if (p < 1 || p > length(dates)) stop("offset ", offset, " is outside ", market_symbol, "'s dates")
  dates[[p]]
}
estimation_start <- at(estimation[1])
estimation_end <- at(estimation[2])
event_start <- at(event_window[1])
event_end <- at(event_window[2])
# A return is dated at its later close, so the first estimation return needs the close before it.
span <- c(at(estimation[1] - 1), event_end)
trim <- function(z) if (full_history) z else window(z, start = span[1], end = span[2])

series <- lapply(symbols, function(s) trim(read_closes(s)))
names(series) <- symbols
prices <- do.call(merge.zoo, c(series, list(all = TRUE)))
colnames(prices) <- symbols
# estudy2's zoo method needs a matrix-shaped zoo even for one column.
market_prices <- zoo(matrix(coredata(trim(market)), ncol = 1, dimnames = list(NULL, market_symbol)),
                     index(trim(market)))
loading <- seconds(load_start, proc.time())

# --- estudy2: returns, market model (OLS single-index), every parametric and nonparametric test ---
stage <- function(f) {
  start <- proc.time()
  value <- f()
  list(value = value, time = seconds(start, proc.time()))
}

study <- function() {
  rates <- stage(function() list(
    securities = get_rates_from_prices(prices, quote = "Close", multi_day = TRUE, compounding = "discrete"),
    market = get_rates_from_prices(market_prices, quote = "Close", multi_day = TRUE, compounding = "discrete")))
  model <- stage(function() apply_market_model(
    rates$value$securities, regressors = rates$value$market, same_regressor_for_all = TRUE,
    market_model = "sim", estimation_method = "ols",
    estimation_start = estimation_start, estimation_end = estimation_end))
  parametric <- stage(function() parametric_tests(model$value, event_start, event_end))
  nonparametric <- stage(function() nonparametric_tests(model$value, event_start, event_end))
  list(model = model$value, parametric = parametric$value, nonparametric = nonparametric$value,
       stages = list(returns = rates$time, market_model = model$time,
                     parametric_tests = parametric$time, nonparametric_tests = nonparametric$time))
}

timed_runs <- list()
result <- NULL
for (r in seq_len(runs)) {
  start <- proc.time()
  result <- study()
  timed_runs[[r]] <- c(seconds(start, proc.time()), list(stages = result$stages))
}

# --- Output --------------------------------------------------------------------------------------
event_ar <- lapply(result$model, function(x) {
  ar <- window(x$abnormal, start = event_start, end = event_end)
  as.list(unname(coredata(ar)))
})
names(event_ar) <- symbols
statistics <- function(table) {
  keep <- vapply(table, is.numeric, TRUE) & !names(table) %in% c("percentage", "mean")
  out <- lapply(table[keep], function(col) as.list(col))
  c(list(date = as.list(format(table$date)), mean = as.list(table$mean)), out)
}
parametric <- statistics(result$parametric)
nonparametric <- statistics(result$nonparametric)
nonparametric$mean <- NULL

to_json <- function(x) {
  if (is.list(x)) {
    inner <- vapply(x, to_json, "")
    if (is.null(names(x))) return(paste0("[", paste(inner, collapse = ","), "]"))
    return(paste0("{", paste0("\"", names(x), "\":", inner, collapse = ","), "}"))
  }
  if (inherits(x, "Date")) x <- format(x)
  v <- if (is.character(x)) {
    ifelse(is.na(x), "null", paste0("\"", gsub("([\"\\\\])", "\\\\\\1", x), "\""))
  } else if (is.logical(x)) {
    ifelse(is.na(x), "null", tolower(as.character(x)))
  } else {
    ifelse(is.finite(x), sprintf("%.17g", x), "null")
  }
  if (length(v) == 1) v else paste0("[", paste(v, collapse = ","), "]")
}

cat(to_json(list(
  r_version = R.version.string,
  estudy2_version = format(packageVersion("estudy2")),
  zoo_version = format(packageVersion("zoo")),
  securities = length(symbols),
  market = market_symbol,
  day0 = format(at(0)),
  estimation_dates = format(c(estimation_start, estimation_end)),
  event_dates = format(c(event_start, event_end)),
  price_rows = nrow(prices),
  full_history = full_history,
  loading = loading,
  runs = timed_runs,
  estimation_length = as.list(vapply(result$model, function(x) as.numeric(x$estimation_length), 0)),
  event_ar = event_ar,
  parametric = parametric,
  nonparametric = nonparametric
)), "\n")
