# Debian's wordpress package laid out like the official image: the code copied to
# /var/www/html (a named volume there starts as a copy of it), a wp-config.php that reads
# WORDPRESS_DB_* from the environment, Apache serving it at / on port 80 for any Host.
FROM serverkit-test/bookworm-base:1
# The themes are packages of their own (only recommended by wordpress): without one every page
# is blank. Twenty Twenty-Three is 6.1's default. php-cli: scripts loading wp-load.php stand in
# for wp-cli, which Debian does not package.
RUN apt-get update \
 && apt-get install -y --no-install-recommends apache2 libapache2-mod-php php-mysql php-cli wordpress wordpress-theme-twentytwentythree \
 && rm -rf /var/lib/apt/lists/*
RUN rm -rf /var/www/html \
 && cp -aL /usr/share/wordpress /var/www/html \
 && rm -f /var/www/html/wp-config.php /var/www/html/wp-config-sample.php \
 && a2enmod rewrite \
 && ln -sf /dev/stdout /var/log/apache2/access.log \
 && ln -sf /dev/stderr /var/log/apache2/error.log \
 && ln -sf /dev/stdout /var/log/apache2/other_vhosts_access.log
COPY wp-config.php /var/www/html/wp-config.php
RUN php -r '$f = "/var/www/html/wp-config.php"; $p = "put your unique phrase here"; $s = file_get_contents($f); while (($i = strpos($s, $p)) !== false) $s = substr_replace($s, bin2hex(random_bytes(32)), $i, strlen($p)); file_put_contents($f, $s);'
COPY apache-site.conf /etc/apache2/sites-available/000-default.conf
RUN chown -R www-data:www-data /var/www/html
WORKDIR /var/www/html
EXPOSE 80
STOPSIGNAL SIGWINCH
CMD ["apache2ctl", "-D", "FOREGROUND"]
