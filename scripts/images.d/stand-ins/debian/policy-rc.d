#!/bin/sh
# Services are never started by package scripts in an image build.
exit 101
