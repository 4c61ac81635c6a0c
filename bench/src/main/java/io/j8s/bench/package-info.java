package io.j8s.bench;
