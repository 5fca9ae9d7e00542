<?php
// Installs a WordPress site and fills it with Arabic content through WordPress's own PHP API,
// then prints WordPress's own export (export_wp()) on stdout. Called by make_fixture.sh.
$site = $argv[1];
$_SERVER['HTTP_HOST'] = $site;
$_SERVER['SERVER_NAME'] = $site;
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
define('ABSPATH', '/usr/share/wordpress/');
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
ob_start();
wp_install('صحيفة الاختبار', 'admin', 'admin@example.test', true, '', 'admin-password');
ob_end_clean();
update_option('siteurl', "http://$site");
update_option('home', "http://$site");
update_option('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/');
update_option('thread_comments', 1);
update_option('thread_comments_depth', 5);
global $wp_rewrite;
$wp_rewrite->init();
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');

$samira = wp_insert_user(['user_login' => 'samira', 'user_pass' => wp_generate_password(),
  'user_email' => 'samira@example.test', 'display_name' => 'سميرة خليل', 'first_name' => 'سميرة',
  'last_name' => 'خليل', 'role' => 'author']);
$omar = wp_insert_user(['user_login' => 'omar', 'user_pass' => wp_generate_password(),
  'user_email' => 'omar@example.test', 'display_name' => 'عمر حداد', 'role' => 'editor']);
$reader = wp_insert_user(['user_login' => 'reader1', 'user_pass' => wp_generate_password(),
  'user_email' => 'reader1@example.test', 'display_name' => 'قارئ مسجل', 'role' => 'subscriber']);
wp_set_current_user(1);

$politics = wp_insert_term('سياسة', 'category', ['slug' => 'سياسة'])['term_id'];
$local = wp_insert_term('محليات', 'category', ['slug' => 'محليات', 'parent' => $politics])['term_id'];
$sports = wp_insert_term('رياضة', 'category', ['slug' => 'رياضة'])['term_id'];
wp_insert_term('الانتخابات', 'post_tag', ['slug' => 'الانتخابات']);
wp_insert_term('كرة القدم', 'post_tag', ['slug' => 'كرة-القدم']);

// A small generated image, uploaded the way the media library does.
function fixture_image($name, $color, $parent, $alt, $caption) {
  $img = imagecreatetruecolor(120, 80);
  imagefill($img, 0, 0, imagecolorallocate($img, $color[0], $color[1], $color[2]));
  ob_start(); imagejpeg($img, null, 70); $bytes = ob_get_clean();
  $up = wp_upload_bits($name, null, $bytes, '2024/03');
  $id = wp_insert_attachment(['post_mime_type' => 'image/jpeg', 'post_title' => $alt,
    'post_excerpt' => $caption, 'post_status' => 'inherit', 'post_date' => '2024-03-10 09:00:00'],
    $up['file'], $parent);
  wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $up['file']));
  update_post_meta($id, '_wp_attachment_image_alt', $alt);
  return [$id, $up['url']];
}

function post($args) {
  $defaults = ['post_author' => 2, 'post_type' => 'post', 'post_status' => 'publish',
    'comment_status' => 'open'];
  return wp_insert_post(array_merge($defaults, $args), true);
}

$p1 = post(['post_title' => 'الحكومة تعلن موازنة العام الجديد', 'post_name' => 'موازنة-العام-الجديد',
  'post_date' => '2024-03-10 10:00:00', 'post_category' => [$local],
  'tags_input' => ['الانتخابات'], 'post_excerpt' => 'أعلنت الحكومة اليوم موازنة العام الجديد.',
  'post_content' => "أعلنت الحكومة اليوم موازنة العام الجديد.\n\nوقال الوزير إن العجز سينخفض.\nوأضاف أن الإنفاق على التعليم سيرتفع.\n\n<script>alert('x')</script>\n<a href=\"#\" onclick=\"steal()\">رابط</a>"]);
[$img1, $url1] = fixture_image('budget.jpg', [200, 40, 40], $p1, 'مبنى الوزارة', 'مبنى وزارة المالية');
set_post_thumbnail($p1, $img1);
[$img2, $url2] = fixture_image('stadium.jpg', [40, 160, 40], 0, 'الملعب', 'الملعب الوطني');
[$img3, $url3] = fixture_image('crowd.jpg', [40, 40, 200], 0, 'الجمهور', 'جمهور المباراة');

$p2 = post(['post_title' => 'المنتخب يفوز في المباراة الافتتاحية', 'post_name' => 'فوز-المنتخب',
  'post_date' => '2024-03-11 18:30:00', 'post_category' => [$sports], 'tags_input' => ['كرة القدم'],
  'post_author' => $omar,
  'post_content' => "<!-- wp:paragraph -->\n<p>فاز المنتخب الوطني في المباراة الافتتاحية.</p>\n<!-- /wp:paragraph -->\n\n"
    . "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">أهداف المباراة</h2>\n<!-- /wp:heading -->\n\n"
    . "<!-- wp:list -->\n<ul><li>الهدف الأول</li><li>الهدف الثاني</li></ul>\n<!-- /wp:list -->\n\n"
    . "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>لعبنا بروح الفريق.</p><cite>المدرب</cite></blockquote>\n<!-- /wp:quote -->\n\n"
    . "<!-- wp:image {\"id\":$img2} -->\n<figure class=\"wp-block-image\"><img src=\"$url2\" alt=\"الملعب\" class=\"wp-image-$img2\"/><figcaption>الملعب الوطني</figcaption></figure>\n<!-- /wp:image -->\n\n"
    . "<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\",\"type\":\"video\",\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->\n\n"
    . "<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><tbody><tr><td>الفريق</td><td>النقاط</td></tr><tr><td>المنتخب</td><td>3</td></tr></tbody></table></figure>\n<!-- /wp:table -->\n\n"
    . "<!-- wp:paragraph -->\n<p>اقرأ أيضا <a href=\"http://$site/?p=$p1\">موازنة العام</a>.</p>\n<!-- /wp:paragraph -->"]);
set_post_thumbnail($p2, $img2);

$p3 = post(['post_title' => 'صور من المباراة', 'post_name' => 'صور-المباراة',
  'post_date' => '2024-03-12 08:00:00', 'post_category' => [$sports], 'comment_status' => 'closed',
  'post_content' => "[caption id=\"attachment_$img2\" align=\"aligncenter\" width=\"120\"]<img class=\"size-full wp-image-$img2\" src=\"$url2\" alt=\"الملعب\" width=\"120\" height=\"80\" /> الملعب قبل المباراة[/caption]\n\n[gallery ids=\"$img2,$img3\"]\n\nشاهد الملخص:\n\n[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]\n\nhttps://x.com/example/status/1234567890\n\nوانظر <a href=\"" . get_permalink($p2) . "\">خبر الفوز</a>."]);
$p4 = post(['post_title' => 'مسودة عن الانتخابات', 'post_status' => 'draft', 'post_category' => [$politics],
  'post_content' => 'نص لم يكتمل بعد.']);
$p5 = post(['post_title' => 'تقرير بانتظار المراجعة', 'post_status' => 'pending', 'post_category' => [$politics],
  'post_date' => '2024-03-13 09:00:00', 'post_content' => 'تقرير ينتظر المحرر.']);
$p6 = post(['post_title' => 'مقال مجدول للنشر', 'post_status' => 'future', 'post_category' => [$local],
  'post_date' => '2030-01-01 08:00:00', 'post_content' => 'سينشر لاحقا.']);
$p7 = post(['post_title' => 'مذكرة داخلية', 'post_status' => 'private', 'post_category' => [$politics],
  'post_date' => '2024-03-14 09:00:00', 'post_content' => 'للمحررين فقط.']);
$p8 = post(['post_title' => 'خبر محذوف', 'post_status' => 'publish', 'post_category' => [$local],
  'post_date' => '2024-03-09 09:00:00', 'post_content' => 'سيحذف.']);
wp_trash_post($p8);
$about = post(['post_title' => 'من نحن', 'post_name' => 'من-نحن', 'post_type' => 'page',
  'post_date' => '2024-01-01 09:00:00', 'comment_status' => 'closed',
  'post_content' => "صحيفة الاختبار صحيفة يومية مستقلة.\n\nتأسست عام 2010."]);

function comment($post, $args) {
  $defaults = ['comment_post_ID' => $post, 'comment_author_IP' => '203.0.113.7',
    'comment_agent' => 'Mozilla/5.0 (X11; Linux x86_64)', 'comment_approved' => 1,
    'comment_type' => 'comment'];
  return wp_insert_comment(array_merge($defaults, $args));
}
$c1 = comment($p1, ['comment_author' => 'أحمد', 'comment_author_email' => 'ahmad@example.test',
  'comment_author_url' => 'https://ahmad.example.test/', 'comment_date' => '2024-03-10 11:00:00',
  'comment_content' => "خبر مهم.\n\nشكرا على <a href=\"https://example.org/more\">التغطية</a>."]);
$c2 = comment($p1, ['comment_author' => 'قارئ مسجل', 'comment_author_email' => 'reader1@example.test',
  'user_id' => $reader, 'comment_parent' => $c1, 'comment_date' => '2024-03-10 11:30:00',
  'comment_content' => 'أتفق معك.']);
$c3 = comment($p1, ['comment_author' => 'ليلى', 'comment_author_email' => 'layla@example.test',
  'comment_parent' => $c2, 'comment_date' => '2024-03-10 12:00:00', 'comment_content' => 'وأنا كذلك.']);
$c4 = comment($p1, ['comment_author' => 'سامي', 'comment_author_email' => 'sami@example.test',
  'comment_parent' => $c3, 'comment_date' => '2024-03-10 12:30:00', 'comment_content' => 'رد رابع في السلسلة.']);
$c5 = comment($p1, ['comment_author' => 'هدى', 'comment_author_email' => 'huda@example.test',
  'comment_parent' => $c4, 'comment_date' => '2024-03-10 13:00:00', 'comment_content' => 'رد خامس عميق.']);
add_comment_meta($c1, 'akismet_result', 'false');
add_comment_meta($c1, 'akismet_history', ['time' => 1710068400.0, 'event' => 'check-ham', 'user' => '']);
$held = comment($p1, ['comment_author' => 'مجهول', 'comment_author_email' => 'anon@example.test',
  'comment_approved' => 0, 'comment_date' => '2024-03-10 14:00:00', 'comment_content' => 'تعليق ينتظر.']);
add_comment_meta($held, 'akismet_result', 'false');
add_comment_meta($held, 'akismet_history', ['time' => 1710079200.0, 'event' => 'check-ham', 'user' => '']);
$spam = comment($p1, ['comment_author' => 'Cheap pills', 'comment_author_email' => 'spam@example.test',
  'comment_author_url' => 'http://spam.example.test/', 'comment_approved' => 'spam',
  'comment_date' => '2024-03-10 15:00:00', 'comment_content' => 'Buy <a href="http://spam.example.test/">pills</a>']);
add_comment_meta($spam, 'akismet_result', 'true');
add_comment_meta($spam, 'akismet_history', ['time' => 1710082800.0, 'event' => 'check-spam', 'user' => '']);
comment($p1, ['comment_author' => 'محذوف', 'comment_author_email' => 'trash@example.test',
  'comment_approved' => 'trash', 'comment_date' => '2024-03-10 16:00:00', 'comment_content' => 'تعليق في المهملات.']);
comment($p2, ['comment_author' => 'مدونة رياضية', 'comment_author_url' => 'https://blog.example.test/post',
  'comment_type' => 'pingback', 'comment_date' => '2024-03-11 20:00:00', 'comment_content' => '[…] فوز المنتخب […]']);
comment($p2, ['comment_author' => 'موقع آخر', 'comment_author_url' => 'https://other.example.test/t',
  'comment_type' => 'trackback', 'comment_date' => '2024-03-11 21:00:00', 'comment_content' => 'إشارة إلى المقال']);
comment($p2, ['comment_author' => 'عمر حداد', 'comment_author_email' => 'omar@example.test', 'user_id' => $omar,
  'comment_date' => '2024-03-11 22:00:00', 'comment_content' => "<strong>شكرا</strong> لكم.\nمع التحية."]);

ob_start();
export_wp(['content' => 'all']);
$xml = ob_get_clean();
fwrite(STDOUT, $xml);
