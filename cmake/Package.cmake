# Debian packages with CPack: `cpack --config <build>/CPackConfig.cmake`
# (scripts/package.sh runs it) writes fairweather-gate_<version>_<arch>.deb
# and fairweather-monitor_<version>_<arch>.deb from the two install
# components of cmake/Install.cmake, installed under /usr (config in /etc).
# Depends is computed by dpkg-shlibdeps from the binaries' shared libraries,
# never written by hand; the binaries are stripped. Each package carries the
# copyright file and changelog Debian policy asks of it, and the monitor's
# /etc/fairweather/fairweather.toml is a conffile: an upgrade keeps the
# operator's edits. `lintian` reports no errors (tests/delivery).
set(fairweather_maintainer "fairweather maintainers <fairweather-ci@users.noreply.github.com>")

# Per-package documentation: /usr/share/doc/<package>/{copyright,changelog.gz}.
# A native package's changelog is changelog.gz, compressed with -9n (no name,
# no time stamp). Its date honours SOURCE_DATE_EPOCH (scripts/package.sh sets
# it from the last commit), so two builds of one commit give the same file.
string(TIMESTAMP fairweather_changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE ${CMAKE_BINARY_DIR}/debian/changelog
  "fairweather (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
  "  * Release ${PROJECT_VERSION}; what changed is in the release notes at\n"
  "    https://github.com/fairweather-ci/fairweather/releases\n\n"
  " -- ${fairweather_maintainer}  ${fairweather_changelog_date}\n")
execute_process(COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/debian/changelog RESULT_VARIABLE fairweather_gzip)
if(NOT fairweather_gzip EQUAL 0)
  message(FATAL_ERROR "gzip could not compress ${CMAKE_BINARY_DIR}/debian/changelog")
endif()
foreach(component gate monitor)
  install(FILES ${CMAKE_SOURCE_DIR}/packaging/debian/copyright ${CMAKE_BINARY_DIR}/debian/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/fairweather-${component} COMPONENT ${component})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME fairweather)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR fairweather)
set(CPACK_PACKAGE_CONTACT ${fairweather_maintainer})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${fairweather_maintainer})
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://github.com/fairweather-ci/fairweather)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL gate monitor)
# Install with DESTDIR into /usr, so the paths cmake/Install.cmake writes into
# the systemd unit are the installed ones, and the config lands in /etc.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# Both talk HTTPS to GitHub and check its certificate.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS ca-certificates)

set(CPACK_DEBIAN_GATE_PACKAGE_NAME fairweather-gate)
set(CPACK_DEBIAN_GATE_PACKAGE_SECTION devel)
set(CPACK_COMPONENT_GATE_DESCRIPTION
  "release gate on the CI weather: proceed, defer or block
fairweather-gate is the pre-release step of a CI pipeline. It reads the
GitHub status page (or a fairweather-monitor) and the project's release
policy, and proceeds (exit 0), defers (75) or blocks (1) a release, with
GitHub Actions outputs, a step summary and annotations. It also plans
releases (plan), reports release delays (report) and manages the
monitor's queue of deferred releases (queue).")

set(CPACK_DEBIAN_MONITOR_PACKAGE_NAME fairweather-monitor)
set(CPACK_DEBIAN_MONITOR_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_MONITOR_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles)
set(CPACK_COMPONENT_MONITOR_DESCRIPTION
  "service that watches the CI weather for releases
fairweather-monitor polls the GitHub status page and a project's own
GitHub Actions runs and releases, computes the CI weather, keeps its
history (SQLite, or PostgreSQL for several replicas), serves /metrics
and a JSON API, and dispatches deferred security releases again once
CI has recovered, exactly once. The package carries a hardened systemd
unit, example configs, Prometheus alert rules and a Grafana dashboard.")

# CPack installs without building first (scripts/package.sh builds what it
# packages), so packaging never relinks a binary that tests are running.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
include(CPack)
