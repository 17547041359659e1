"""Words for the generated community: spaces, paragraph templates and their slot values.

Posts are made of paragraphs. Each paragraph is filled in and rendered with the real Markdown
renderer once, into a pool; a post joins a few pooled paragraphs. Markdown renders paragraphs
separated by a blank line independently, so the joined HTML is exactly what ``render_markdown``
makes of the joined text (the tests check this), at no rendering cost per post.
"""

# (slug, name, description, visibility, share of posts)
SPACES = [
    ("welcome", "はじめての方へ", "自己紹介とサイトの使い方。まずはここで「はじめまして」を。", "public", 0.07),
    ("chat", "雑談", "なんでも話せる広場。今日のできごと、ちょっとした相談。", "public", 0.25),
    ("mobile", "スマホ・格安SIM", "端末、料金プラン、設定のコツ、通信速度の話。", "public", 0.22),
    ("recipes", "料理・レシピ", "今日のごはん、作り置き、おすすめレシピ。", "public", 0.17),
    ("outing", "おでかけ・旅行", "旅先の写真、週末のおでかけ、電波のつながり報告。", "public", 0.10),
    ("english", "English corner", "Posts in English. 英語での投稿はこちら。", "public", 0.05),
    ("lounge", "メンバーラウンジ", "ログインしたメンバーだけが読めるおしゃべりの場。", "members", 0.12),
    ("ambassadors", "アンバサダー", "招待されたアンバサダーと編集部だけの場所。", "restricted", 0.02),
]  # fmt: skip

SLOTS_JA = {
    "dish": ["トマトと卵の炒め物", "かぼちゃのポタージュ", "なすの揚げびたし", "にんじんしりしり",
             "ミネストローネ", "ハンバーグ", "親子丼", "ラタトゥイユ", "肉じゃが", "カレー",
             "焼きそば", "お好み焼き", "豚汁", "ガパオライス", "鮭の塩焼き", "オムライス"],
    "veg": ["トマト", "にんじん", "かぼちゃ", "ほうれん草", "なす", "ピーマン", "玉ねぎ", "キャベツ",
            "大根", "小松菜", "ブロッコリー", "じゃがいも"],
    "phone": ["iPhone 15", "iPhone SE", "Pixel 8a", "Galaxy A55", "AQUOS sense8", "arrows We",
              "Xperia 10 V", "OPPO Reno11 A", "moto g64"],
    "plan": ["マイそく", "5GBプラン", "パケット放題", "デュアルタイプ", "シングルタイプ", "20GBプラン"],
    "place": ["京都", "箱根", "沖縄", "北海道", "金沢", "軽井沢", "伊勢", "鎌倉", "福岡", "仙台",
              "高尾山", "富士五湖", "しまなみ海道", "日光"],
    "time": ["朝", "昼休み", "夕方", "夜", "週末", "雨の日", "連休"],
    "feeling": ["うれしかった", "ちょっと困った", "びっくりした", "ほっとした", "感動した"],
}  # fmt: skip
SLOTS_EN = {
    "dish": ["minestrone", "tomato curry", "pumpkin soup", "okonomiyaki", "fried rice", "ramen",
             "gyoza", "potato salad", "miso soup"],
    "phone": ["iPhone 15", "Pixel 8a", "Galaxy A55", "an old iPhone SE", "a Xperia 10 V"],
    "place": ["Kyoto", "Hakone", "Okinawa", "Hokkaido", "Kanazawa", "Nara", "Kamakura", "Fukuoka"],
    "time": ["this morning", "last weekend", "yesterday", "during lunch", "tonight"],
}  # fmt: skip

# Paragraph templates per space: openers, middles, closers, and hashtag lines.
OPENERS_JA = {
    "welcome": ["はじめまして！{place}在住です。よろしくお願いします。",
                "最近参加しました。{phone}を使っています。",
                "はじめまして。友だちに教えてもらって登録しました。",
                "はじめまして、{time}によくのぞいています。料理と旅行が好きです。"],
    "chat": ["{time}に{feeling}ことがあったので聞いてください。",
             "今日は{time}から{dish}を作っていました。",
             "最近ハマっていることを共有します。",
             "みなさん{time}はどう過ごしていますか？",
             "ちょっと相談です。{feeling}話なんですが……"],
    "mobile": ["{phone}に機種変更しました。{plan}で使っています。",
               "{plan}に変えて3か月たったので感想を書きます。",
               "{time}の通信速度を測ってみました。",
               "{phone}のバッテリーの持ちについて質問です。",
               "APN設定でつまずいたので、手順をメモしておきます。",
               "家族みんなで{plan}に乗りかえました。"],
    "recipes": ["{veg}がたくさん手に入ったので{dish}を作りました。",
                "今日の夕ごはんは{dish}です。",
                "週末の作り置きに{dish}。",
                "子どもが{veg}苦手なのですが、{dish}にしたら完食してくれました！"],
    "outing": ["{time}に{place}へ行ってきました。",
               "{place}で撮った写真です。",
               "{place}の山の上でも電波はばっちりでした。",
               "{place}旅行のおすすめを教えてください。"],
    "lounge": ["メンバーさんだけの話、{time}の{feeling}できごと。",
               "{time}の雑談スレです。気軽にどうぞ。",
               "最近の{dish}ブームについて語りたい。"],
    "ambassadors": ["アンバサダーのみなさん、{time}の座談会ありがとうございました。",
                    "次の企画について意見をください。",
                    "新しい{plan}の先行モニター、使ってみた感想です。"],
}  # fmt: skip
MIDDLES_JA = [
    "思っていたより簡単で、{time}でもすぐにできました。",
    "ポイントは最初に{veg}をしっかり焼くこと。甘みが出ます。",
    "速度は昼でも下り30Mbpsくらい出ていて、動画も問題なし。",
    "料金は前の半分くらいになりました。",
    "設定は\n\n1. SIMを差し替える\n2. APNを選ぶ\n3. 再起動する\n\nだけでした。",
    "**ここが大事**：手順の途中でWi-Fiを切っておくこと。",
    "写真だとわかりにくいですが、景色がとてもきれいでした。",
    "{feeling}けど、みなさんのおかげで解決しました。",
    "同じような経験をした方はいますか？",
    "{place}に行くなら{time}がおすすめです。",
    "材料は{veg}と調味料だけ。忙しい日の味方です。",
]  # fmt: skip
CLOSERS_JA = [
    "ぜひ試してみてください😊", "みなさんのおすすめも教えてください！", "また報告します。",
    "参考になればうれしいです。", "ありがとうございました🙏", "次は{dish}にも挑戦したい。",
]  # fmt: skip
TAGS_JA = {
    "welcome": ["#はじめまして", "#自己紹介", "#よろしくお願いします"],
    "chat": ["#雑談", "#今日のできごと", "#相談", "#ひとりごと"],
    "mobile": ["#格安SIM", "#機種変更", "#通信速度", "#iPhone", "#Android", "#節約"],
    "recipes": ["#トマト料理", "#作り置き", "#時短レシピ", "#今日のごはん", "#お弁当"],
    "outing": ["#旅行", "#おでかけ", "#絶景", "#電波チェック", "#週末"],
    "lounge": ["#ラウンジ", "#雑談", "#夜ふかし"],
    "ambassadors": ["#アンバサダー", "#先行モニター", "#座談会"],
}  # fmt: skip
OPENERS_EN = [
    "Made {dish} {time}, turned out great.",
    "Switched to {phone} and the new plan. Here is how it went.",
    "Went to {place} {time}. The signal was fine even in the mountains.",
    "Quick question about setting up {phone}.",
    "Hello everyone! I just joined from {place}.",
    "Sharing a few photos from {place}.",
]  # fmt: skip
MIDDLES_EN = [
    "It was much easier than I expected.",
    "Speeds were around 30 Mbps at lunch time, good enough for video.",
    "My bill is about half of what it used to be.",
    "The trick is to switch off Wi-Fi before you start.",
    "Has anyone else tried this?",
    "Steps:\n\n1. Swap the SIM\n2. Pick the APN\n3. Restart",
]  # fmt: skip
CLOSERS_EN = ["Thanks for reading!", "Let me know what you think.", "More soon.", "Cheers!"]
TAGS_EN = ["#english", "#cooking", "#travel", "#japanlife", "#格安SIM", "#mobile"]

TITLES_JA = {
    "welcome": ["はじめまして", "よろしくお願いします", "{place}から参加しました"],
    "chat": ["聞いてください", "{time}のひとこと", "ちょっと相談", "最近のマイブーム"],
    "mobile": ["{phone}レビュー", "{plan}を3か月使った感想", "速度測定してみた", "APN設定メモ"],
    "recipes": ["{dish}", "{veg}消費レシピ", "作り置き{dish}"],
    "outing": ["{place}旅行記", "{place}の電波事情", "週末の{place}"],
    "lounge": ["ラウンジ雑談", "{time}の話"],
    "ambassadors": ["座談会のお礼", "先行モニターの感想"],
}  # fmt: skip
TITLES_EN = ["{dish} night", "Trip to {place}", "{phone} review", "Hello from {place}"]

COMMENTS_JA = [
    "おいしそう！", "参考になります。", "わかります〜", "ありがとうございます！", "いいですね✨",
    "私も同じ機種です。", "{place}いいなあ。", "今度まねしてみます。", "速度いいですね！",
    "それ、すごく気になっていました。", "写真きれいです📷", "情報ありがとうございます。",
    "うちも同じ症状でした。再起動で直りました。", "{dish}大好きです！", "なるほど、勉強になります。",
    "おつかれさまでした。", "続報まってます！", "わたしも{time}に試してみます。",
]  # fmt: skip
REPLIES_JA = ["ありがとうございます😊", "ぜひぜひ！", "そうなんです〜", "こちらこそ！",
              "またレポートしますね。", "よかったです！"]  # fmt: skip
COMMENTS_EN = ["Looks great!", "Thanks for sharing.", "Same here.", "Good to know!",
               "I have the same phone.", "Saving this one.", "{place} is lovely."]  # fmt: skip
REPLIES_EN = ["Thank you!", "Glad it helped.", "Ha, same.", "Let me know how it goes!"]

ARTICLE_TITLES = [
    "【お知らせ】{plan}の新しいオプションがはじまります",
    "編集部が{place}で電波チェックしてきました",
    "メンバーさんに聞いた「{dish}」のアレンジ10選",
    "【座談会レポート】アンバサダーと語る、これからのひろば",
    "{phone}を編集部で使ってみた",
    "今月の人気投稿まとめ",
    "【初心者向け】SIMの差し替えから設定まで",
    "{time}に読みたい、メンバーの旅行記",
]  # fmt: skip
ARTICLE_BODY = """\
いつも「ひろば」をご利用いただきありがとうございます。編集部です。

## 今回のテーマ

今回は{topic}についてお届けします。メンバーのみなさんの投稿からも、たくさんヒントをいただきました。

- 気軽に試せること
- 続けるためのコツ
- 困ったときの相談先

## まとめ

感想やご意見は、この記事へのコメントでお寄せください。みなさんの声が次の企画になります。

#編集部だより #お知らせ"""

BIOS_JA = ["料理と旅行が好きです。", "格安SIM歴5年。", "二児の母です。", "ガジェット好き。",
           "週末は山歩き。", "読む専です。", "節約が趣味です。", "写真を撮るのが好き。"]  # fmt: skip
BIOS_EN = ["Living in Japan.", "Home cook and traveller.", "Gadget fan.", "Mostly reading."]
