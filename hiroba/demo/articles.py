"""Staff articles of the demo, written by the editor as the official account.

``days`` is when the article went out (days before now); ``None`` with ``schedule`` means
scheduled that many days ahead; ``draft`` is never published.
"""

ARTICLES = [
    {
        "days": 58,
        "pin": True,
        "cover": False,  # pinned on top of the home feed: keep it short
        "title": "【ようこそ】「やさいのひろば」をはじめました",
        "body": """\
みどり野菜食品の公式ファンコミュニティ **やさいのひろば** へようこそ！

ここは、野菜が好きな人、料理が好きな人、うちの商品を使ってくださっている人が集まる広場です。

## できること

- **レシピ** スペースで、野菜たっぷりのごはんを写真つきで紹介
- **商品の感想** スペースで、使ってみた感想やリクエストを編集部に届ける
- **雑談** スペースで、家庭菜園や旬の野菜の話を

投稿に `#トマト料理` のようなハッシュタグをつけると、同じ話題の投稿がまとめて見られます。

まずは [はじめての方へ](/s/welcome/) で自己紹介をどうぞ。[ガイドライン](/guidelines/) も一度読んでくださいね。

#やさいのひろば""",
    },
    {
        "days": 45,
        "title": "旬のトマトをおいしく食べる5つのコツ",
        "body": """\
トマトがいちばんおいしい季節になりました。編集部が社内の開発チームに聞いた、ちょっとしたコツをご紹介します。

1. **常温で追熟させる** — 青みが残るトマトは、ヘタを下にして常温に。
2. **冷やしすぎない** — 食べる30分前に冷蔵庫へ入れるくらいが甘みを感じやすいです。
3. **切るのはヘタに対して横に** — 断面から果汁が流れにくくなります。
4. **加熱するなら油と一緒に** — うま味がぐっと引き立ちます。
5. **余ったら冷凍** — 丸ごと冷凍すれば、水にくぐらせるだけで皮がつるんとむけます。

みなさんのトマトの食べ方も、ぜひ #トマト料理 で教えてください🍅""",
    },
    {
        "days": 31,
        "title": "工場見学レポート：まるごと野菜ジュースができるまで",
        "body": """\
長野県の工場におじゃまして、**まるごと野菜ジュース** ができるまでを見せてもらいました。

## 畑から半日で

契約農家さんから届いたトマトとにんじんは、その日のうちに洗浄・搾汁されます。
「鮮度がいちばんの調味料」と工場長。

## 試飲室で

できたてのジュースは、香りがまるで違いました。アンバサダーのみなさんとも、秋に見学会を予定しています。

#工場見学 #野菜ジュース""",
    },
    {
        "days": 18,
        "title": "夏休み 親子料理教室のお知らせ",
        "body": """\
今年も夏休みの親子料理教室を開きます。テーマは **「野菜ぎらいさんでも食べられるカラフルランチ」**。

- 日時：8月の土曜日（2回）
- 場所：東京・大阪のキッチンスタジオ
- 対象：小学生とその保護者

申し込みはこのあと記事でお知らせします。作ってみたいメニューがあれば、コメントで教えてください！

#子どもごはん #イベント""",
    },
    {
        "days": 9,
        "title": "Veggie Square now has an English corner!",
        "body": """\
Welcome to our friends from all over the world! 🌏

We opened the **English corner** so that members who don't read Japanese can share recipes,
ask where to find our products, and chat about Japanese home cooking.

- Post in English anywhere — the English corner is simply where to start.
- Add hashtags such as `#veggielife` so that others can find your post.
- Please read our [guidelines](/guidelines/) (there is an English section at the end).

Happy cooking! — The Veggie Square editorial team""",
    },
    {
        "days": 2,
        "title": "アンバサダー第2期の募集について",
        "body": """\
やさいのひろばでは、**アンバサダー第2期** のみなさんを募集します。

アンバサダーは、新商品の試作品を試して感想を届けたり、地域のイベントで商品を紹介したりする
コミュニティの仲間です。任期は6か月です。

応募方法は来週この記事でお知らせします。まずは、日ごろの投稿でみなさんの「好き」を聞かせてください。

#アンバサダー""",
    },
    {
        "days": None,
        "schedule": 3,
        "title": "秋の新商品「かぼちゃのポタージュの素」先行モニター募集",
        "body": """\
秋の新商品 **かぼちゃのポタージュの素** の発売に先がけて、モニターを50名募集します。

届いた商品で一品作り、写真つきで #かぼちゃのポタージュ をつけて投稿してください。""",
    },
    {
        "days": None,
        "draft": True,
        "title": "【下書き】冬の鍋特集（仮）",
        "body": "構成案：\n\n- 野菜だしの素で作る寄せ鍋\n- トマト鍋のシメ\n- 読者アンケート結果\n\n写真は12月撮影予定。",
    },
]
