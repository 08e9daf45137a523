#!/usr/bin/perl
# tests/bench/timeit.pl RUNS INPUT CMD [ARGS...]: runs CMD RUNS times (no
# shell in between), with INPUT on its stdin through a pipe when INPUT is
# not empty, its stdout thrown away, and prints the median wall time in ms.
# Exits 1 if a run fails. A timer inside one process: the date(1) calls a
# shell loop needs cost milliseconds each on a busy machine.
use strict;
use warnings;
use Time::HiRes qw(time);

my ($runs, $input, @cmd) = @ARGV;
open(my $out, '>&', \*STDOUT) or die "dup stdout: $!";
open(STDOUT, '>', '/dev/null') or die "/dev/null: $!";
my @t;
for (1 .. $runs) {
  my $s = time;
  if ($input ne '') {
    open(my $fh, '|-', @cmd) or die "cannot run @cmd: $!";
    print $fh $input;
    close($fh);
  } else {
    system(@cmd);
  }
  if ($? != 0) { print STDERR "'@cmd' exited with status $?\n"; exit 1; }
  push @t, time - $s;
}
@t = sort { $a <=> $b } @t;
printf $out "%.2f\n", 1000 * $t[int($#t / 2)];
