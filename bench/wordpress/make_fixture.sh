#!/usr/bin/env bash
# Builds tests/fixtures/wordpress/ from a real WordPress: Debian's wordpress package + MariaDB,
# Arabic content made with WordPress's own PHP API (bench/wordpress/content.php), exported with
# WordPress's own exporter (export_wp()). Not part of CI: the resulting XML and uploads are committed.
# Run as root on a Debian 12 machine:  bash bench/wordpress/make_fixture.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/tests/fixtures/wordpress"
site=wp.example.test
export DEBIAN_FRONTEND=noninteractive

if ! dpkg -s wordpress >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends wordpress php-cli php-mysql php-gd mariadb-server >/dev/null
fi

# MariaDB: start it the way the package's init script does, without systemd.
if ! mysqladmin ping >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --chuid mysql --exec /usr/sbin/mariadbd
  for _ in $(seq 1 30); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
fi
mysql -e "DROP DATABASE IF EXISTS wp_fixture; CREATE DATABASE wp_fixture CHARACTER SET utf8mb4;
  CREATE USER IF NOT EXISTS 'wpfix'@'localhost' IDENTIFIED BY 'wpfix';
  GRANT ALL ON wp_fixture.* TO 'wpfix'@'localhost'; FLUSH PRIVILEGES;"

# Debian's wordpress reads /etc/wordpress/config-<host>.php.
uploads=/var/lib/wordpress/wp-content/uploads
rm -rf "$uploads" && mkdir -p "$uploads"
cat > "/etc/wordpress/config-$site.php" <<PHP
<?php
define('DB_NAME', 'wp_fixture');
define('DB_USER', 'wpfix');
define('DB_PASSWORD', 'wpfix');
define('DB_HOST', 'localhost');
define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
define('WPLANG', 'ar');
\$table_prefix = 'wp_';
PHP

HTTP_HOST=$site php "$here/content.php" "$site" > /tmp/wp-export.xml
mkdir -p "$out"
cp /tmp/wp-export.xml "$out/export.xml"
rm -rf "$out/uploads" && cp -r "$uploads" "$out/uploads"
echo "wrote $out/export.xml ($(wc -c < "$out/export.xml") bytes) and $(find "$out/uploads" -type f | wc -l) files"
