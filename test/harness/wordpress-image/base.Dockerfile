# On the debootstrap'd bookworm root: the updates and security suites, and no service
# started by package scripts (a container has no init to hand them to).
FROM serverkit-test/bookworm-rootfs:1
RUN printf '%s\n' \
      'deb http://deb.debian.org/debian bookworm main' \
      'deb http://deb.debian.org/debian bookworm-updates main' \
      'deb http://deb.debian.org/debian-security bookworm-security main' >/etc/apt/sources.list \
 && printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
CMD ["/bin/bash"]
