"""Words for the demo community "やさいのひろば / Veggie Square", the fan site of a fictional maker
of vegetable juices and seasonings, みどり野菜食品 (Midori Veggie Foods). Everything is invented.
"""

import random

from hiroba.accounts.regions import Region

COMMUNITY = {
    "name": "やさいのひろば",
    "description": (
        "みどり野菜食品のファンコミュニティ。野菜たっぷりのレシピ、商品の感想、家庭菜園の話を"
        "気軽に投稿しよう。Veggie Square: recipes, reviews and garden talk, in Japanese and English."
    ),
    "guidelines": """\
# やさいのひろば コミュニティガイドライン

やさいのひろばは、野菜と食卓が好きな人の広場です。みんなが気持ちよく過ごせるよう、次のことを守ってください。

## 大切にしたいこと

- **おたがいを尊重しましょう。** 食の好みや暮らし方は人それぞれです。否定ではなく「うちではこうしています」で。
- **写真は自分で撮ったものを。** 他の人が写っている写真は、その人の了解を得てから投稿してください。
- **個人情報は書かないで。** 住所・電話番号・勤務先などは、自分のものでも投稿しないでください。
- **健康・医療の断定はしないで。** 「〇〇が治る」といった表現は控えましょう。体調のことはかかりつけの医師へ。
- **宣伝・勧誘は禁止です。** 他社商品の話題は歓迎しますが、販売やアフィリエイトの誘導はご遠慮ください。

## 困ったときは

気になる投稿があれば、投稿の「報告」からお知らせください。モデレーターが確認します。
ガイドラインに反する投稿は、予告なく非表示にすることがあります。

## English

Veggie Square is a friendly place for people who love vegetables and good food.
Be kind, post only your own photos, keep personal details private, make no medical claims,
and do not advertise. Posts in English are welcome everywhere, and especially in the *English corner*.
""",
}

# (slug, name, description, visibility)
SPACES = [
    ("welcome", "はじめての方へ", "自己紹介とサイトの使い方。まずはここで「はじめまして」を。", "public"),
    ("recipes", "レシピ", "野菜たっぷりのレシピと料理の写真。みどり野菜食品の商品アレンジも大歓迎。", "public"),
    ("reviews", "商品の感想", "みどり野菜食品の商品を使った感想、リクエスト、質問。", "public"),
    ("lounge", "雑談", "家庭菜園、旬の野菜、今日のごはん。メンバー限定のおしゃべり広場。", "members"),
    ("english", "English corner", "Recipes, reviews and questions in English. 英語での投稿はこちら。", "public"),
    ("ambassadors", "アンバサダー", "アンバサダーと編集部だけの場所。新商品の試作や企画の相談。", "restricted"),
]  # fmt: skip

PRODUCTS = ["まるごと野菜ジュース", "完熟トマトケチャップ", "野菜だしの素", "ゆず塩ドレッシング",
            "にんじんとりんごのスムージー", "濃厚トマトソース"]  # fmt: skip
PRODUCTS_EN = ["Whole Veggie Juice", "Ripe Tomato Ketchup", "Veggie Stock", "Yuzu Salt Dressing",
               "Carrot & Apple Smoothie", "Rich Tomato Sauce"]  # fmt: skip

VEGETABLES = ["トマト", "にんじん", "かぼちゃ", "ほうれん草", "なす", "ピーマン", "ブロッコリー",
              "玉ねぎ", "キャベツ", "パプリカ", "大根", "小松菜", "ズッキーニ", "ミニトマト"]  # fmt: skip

# (dish, main vegetable, hashtags)
DISHES = [
    ("トマトと卵の中華炒め", "トマト", "#トマト料理 #時短レシピ"),
    ("まるごと玉ねぎのスープ", "玉ねぎ", "#スープ #作り置き"),
    ("かぼちゃのポタージュ", "かぼちゃ", "#スープ #子どもごはん"),
    ("なすの揚げびたし", "なす", "#作り置き #和食"),
    ("にんじんしりしり", "にんじん", "#お弁当 #時短レシピ"),
    ("ほうれん草のごま和え", "ほうれん草", "#和食 #副菜"),
    ("野菜ジュースのミネストローネ", "トマト", "#野菜ジュースアレンジ #スープ"),
    ("ケチャップ煮込みハンバーグ", "玉ねぎ", "#トマト料理 #夕ごはん"),
    ("ピーマンの肉詰め", "ピーマン", "#夕ごはん #子どもごはん"),
    ("ブロッコリーのペペロンチーノ", "ブロッコリー", "#パスタ #時短レシピ"),
    ("冷やしトマトの塩昆布和え", "トマト", "#トマト料理 #おつまみ"),
    ("キャベツとツナのコールスロー", "キャベツ", "#サラダ #作り置き"),
    ("パプリカのマリネ", "パプリカ", "#作り置き #彩りごはん"),
    ("大根と手羽元の煮物", "大根", "#和食 #作り置き"),
    ("トマトカレー", "トマト", "#トマト料理 #カレー"),
    ("ガスパチョ", "トマト", "#トマト料理 #冷製スープ"),
    ("ラタトゥイユ", "なす", "#作り置き #彩りごはん"),
    ("野菜たっぷりお好み焼き", "キャベツ", "#夕ごはん #粉もの"),
    ("にんじんとりんごのスムージー", "にんじん", "#スムージー #朝ごはん"),
    ("小松菜とバナナのスムージー", "小松菜", "#スムージー #朝ごはん"),
    ("トマトリゾット", "トマト", "#トマト料理 #野菜ジュースアレンジ"),
    ("焼き野菜のゆず塩ドレッシングがけ", "ズッキーニ", "#サラダ #ドレッシングアレンジ"),
    ("ミニトマトのはちみつマリネ", "ミニトマト", "#トマト料理 #作り置き"),
]
DISHES_EN = [
    ("Minestrone with veggie juice", "#veggielife #soup"),
    ("Tomato and egg stir-fry", "#veggielife #quickrecipe"),
    ("Pumpkin soup for a rainy day", "#soup #kabocha"),
    ("Ratatouille, Japanese-style", "#mealprep #veggielife"),
    ("Cold gazpacho", "#tomato #summer"),
    ("Carrot and apple smoothie", "#smoothie #breakfast"),
    ("Cabbage okonomiyaki", "#okonomiyaki #veggielife"),
    ("Roast vegetables with yuzu salt dressing", "#salad #yuzu"),
]

JP_INTROS = [
    "{veg}がたくさん手に入ったので{dish}を作りました。",
    "今日の夕ごはんは{dish}です。",
    "子どもが{veg}苦手なのですが、{dish}にしたら完食してくれました！",
    "週末の作り置きに{dish}。",
    "{product}を使って{dish}を作ってみました。思った以上に味が決まります。",
    "実家から{veg}が届いたので、さっそく{dish}に。",
    "雨の日は{dish}でほっこり。",
]
JP_STEPS = [
    "材料（2人分）\n\n- {veg} …適量\n- {product} …大さじ2\n- 塩こしょう …少々\n\n"
    "1. {veg}を食べやすく切る\n2. {product}と一緒に10分ほど煮る\n3. 味をみて塩こしょうで整える",
    "ポイントは{veg}を最初にしっかり焼くこと。甘みが出ます。",
    "味付けは{product}だけ。忙しい日の味方です。",
    "",
]
JP_OUTROS = [
    "ぜひ試してみてください😊",
    "みなさんのおすすめアレンジも教えてください！",
    "写真だとわかりにくいですが、色がとてもきれいでした。",
    "次は{veg2}でも作ってみたいです。",
    "お弁当にも入れました🍱",
    "",
]
REVIEWS = [
    "{product}、リニューアル後のほうが飲みやすくなった気がします。朝の一杯が習慣になりました。",
    "{product}を箱買いしました。冷蔵庫にあると安心します。",
    "{product}の大きいサイズがあると嬉しいです。家族みんなで使うのですぐなくなります。",
    "はじめて{product}を使いました。{veg}との相性がとてもいいです！",
    "{product}、近所のスーパーで見かけなくなってしまいました…どこで買えますか？",
    "{product}は塩分が控えめなのがうれしい。父の食事に使っています。",
    "期間限定の{product}、定番にしてほしいです🙏",
    "{product}を{veg}にかけるだけで一品できるので、平日の夜に助かっています。",
]
REVIEW_TAGS = ["#商品レビュー", "#野菜ジュース", "#リピート買い", "#リクエスト", "#朝ごはん"]
WELCOMES = [
    "はじめまして！{region}に住んでいる{name}です。{bio}よろしくお願いします🙌",
    "はじめまして。{product}が好きで登録しました。料理は初心者ですが、みなさんのレシピを参考にしたいです。",
    "こんにちは、{name}です。家族のために野菜を増やしたくて参加しました。",
    "はじめまして！ベランダで{veg}を育てています。収穫できたら写真を載せますね。",
]
WELCOMES_EN = [
    "Hi! I'm {name} from {place}. Happy to find a community about vegetables!",
    "Hello everyone, {name} here. I don't read much Japanese yet, so I'll mostly post in English.",
    "Hi all! {name} from {place}. I got hooked on Japanese vegetable juice during a trip.",
]
QUESTIONS = [
    "投稿に写真を何枚までつけられますか？",
    "ハッシュタグってどうやってつけるんですか？ 「#トマト料理」のように書けばいいのでしょうか。",
    "アンバサダーにはどうしたらなれますか？",
    "プロフィールのアイコンを変える方法を教えてください。",
]
LOUNGE = [
    "今日は暑いですね…冷たいトマトジュースがおいしい季節です🍅",
    "みなさん家庭菜園で何を育てていますか？ うちはミニトマトとバジルです。 #家庭菜園",
    "スーパーで{veg}が安かったので買いすぎました笑 消費レシピ募集中です。",
    "朝ごはんはパン派？ごはん派？ うちは野菜ジュースとおにぎりです。 #朝ごはん",
    "週末は{region}の道の駅に行ってきました。{veg}が山積みで楽しかった！",
    "{veg}の保存方法、みなさんどうしていますか？ すぐしなびてしまいます…",
    "今年初めての{veg}の収穫！小さいけどうれしい。 #家庭菜園",
    "子どもと一緒に{dish}を作りました。台所が大変なことに笑",
    "最近ハマっているのは{product}を炭酸で割ること。意外と合います。",
]
AMBASSADOR_POSTS = [
    "来月のモニター企画について、みなさんの意見を聞かせてください。どんな商品を試してみたいですか？",
    "試作品の{product}（減塩タイプ）を飲みました。酸味がまろやかで、冷やすとさらにおいしいです。",
    "アンバサダー活動報告：地元のマルシェで{product}のサンプリングをお手伝いしました。 #アンバサダー活動",
    "新しいレシピカードの案、{dish}はどうでしょう？ 写真を撮ってみました。",
]
ENGLISH = [
    "Hi everyone! I'm {name}. I discovered {product_en} at a konbini in Tokyo and I'm hooked. #veggielife",
    "Does anyone know where to buy {product_en} outside Japan? My local Asian grocery doesn't have it.",
    "Question: what's the difference between 野菜ジュース and a smoothie here? Is it just the texture?",
    "Tried making にんじんしりしり (carrot stir-fry) tonight. So simple and my kids loved it! #japanesefood",
    "Just moved to Japan and trying to eat more vegetables. Any easy recipes for a tiny kitchen?",
    "Tip: a splash of {product_en} in curry makes it richer. Thank me later 😄 #veggielife",
]
EN_BODIES = [
    "Used {product_en} as the base — no stock needed. Simmer 15 minutes, salt and pepper, done.",
    "My go-to weeknight dinner. Chop whatever vegetables you have and let them roast while you relax.",
    "Recipe in the comments if anyone wants it. Tastes even better the next day.",
]

COMMENTS_JA = [
    "おいしそう！", "真似してみます😊", "{veg}をこんな風に使うのは初めて知りました。",
    "うちの子も{veg}が苦手なので助かります！", "写真がきれいですね✨", "分量を教えてもらえますか？",
    "{product}、うちも常備しています！", "わかります〜", "いいですね！今度やってみます。",
    "レシピ保存しました📌", "ゆず塩ドレッシングも合いそうですね。", "彩りがきれい！",
    "これなら平日でも作れそう。", "うちでは{veg}を足しています。おすすめです。",
]  # fmt: skip
REPLIES_JA = [
    "ありがとうございます！ぜひ〜", "2人分で大さじ2くらいです。", "喜んでもらえてうれしいです😊",
    "ですよね！", "今度やってみます！", "{veg}、いいですね！",
]  # fmt: skip
COMMENTS_EN = ["Looks delicious!", "Saving this one.", "Thanks for sharing!", "Where did you get the vegetables?",
               "I tried it and it worked great.", "美味しそう！ (I'm learning Japanese 😅)"]  # fmt: skip
REPLIES_EN = ["Thank you! It's really easy.", "Let me know how it turns out!", "Ha, same here."]
OFFICIAL_COMMENTS = [
    "やさいのひろば編集部です。すてきなアレンジをありがとうございます！今後の特集で紹介させてください🍅",
    "編集部です。ご感想ありがとうございます。担当チームにも共有しました！",
    "Thank you for posting in English! The editorial team loves seeing recipes from abroad.",
]

FAMILY = [("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"), ("田中", "tanaka"),
          ("伊藤", "ito"), ("渡辺", "watanabe"), ("山本", "yamamoto"), ("中村", "nakamura"),
          ("小林", "kobayashi"), ("加藤", "kato"), ("吉田", "yoshida"), ("山田", "yamada"),
          ("佐々木", "sasaki"), ("山口", "yamaguchi"), ("松本", "matsumoto"), ("井上", "inoue"),
          ("木村", "kimura"), ("林", "hayashi"), ("斎藤", "saito"), ("清水", "shimizu"),
          ("森", "mori"), ("池田", "ikeda"), ("橋本", "hashimoto"), ("石川", "ishikawa"),
          ("前田", "maeda"), ("藤田", "fujita"), ("小川", "ogawa"), ("岡田", "okada")]  # fmt: skip
GIVEN = [("花子", "hanako"), ("由美", "yumi"), ("美咲", "misaki"), ("陽菜", "hina"), ("結衣", "yui"),
         ("さくら", "sakura"), ("愛", "ai"), ("真由美", "mayumi"), ("恵", "megumi"), ("直子", "naoko"),
         ("彩", "aya"), ("千尋", "chihiro"), ("麻衣", "mai"), ("智子", "tomoko"), ("香織", "kaori"),
         ("葵", "aoi"), ("凛", "rin"), ("翔太", "shota"), ("健太", "kenta"), ("大輔", "daisuke"),
         ("拓也", "takuya"), ("直樹", "naoki"), ("浩", "hiroshi"), ("誠", "makoto"), ("蓮", "ren"),
         ("悠真", "yuma"), ("亮", "ryo"), ("隆", "takashi"), ("和也", "kazuya"), ("陽子", "yoko"),
         ("のぞみ", "nozomi"), ("ひかり", "hikari"), ("みどり", "midori"), ("あかね", "akane"),
         ("奈々", "nana"), ("優子", "yuko")]  # fmt: skip
NICK_PREFIXES = ["トマト好きの", "ベランダ菜園の", "朝スムージーの", "二児の母 ", "食いしん坊 ",
                 "週末料理人 ", "野菜ソムリエ見習い "]  # fmt: skip
HANDLE_WORDS = ["tomato", "carrot", "kabocha", "herb", "salad", "smoothie", "yasai", "kitchen"]
BIOS_JA = [
    "トマトが大好きです。", "毎朝野菜ジュースを飲んでいます。", "ベランダでミニトマトとバジルを育てています🌱",
    "子どもの好き嫌いと格闘中。", "作り置きおかずが得意です。", "管理栄養士をめざして勉強中。",
    "定年後に料理を始めました。", "一人暮らし、野菜たっぷりの簡単ごはんが目標。",
    "キャンプ飯に野菜ジュースを使うのが好き。", "週末は道の駅めぐり。", "お弁当作り10年目。",
]  # fmt: skip
EN_FIRST = ["Emily", "Olivia", "Sophie", "Grace", "Chloe", "Hannah", "Maria", "James", "Daniel",
            "Lucas", "Tom", "Ben", "Chris", "Alex", "Sam", "Noah", "Priya", "Wei", "Laura", "Mateo"]  # fmt: skip
EN_LAST = ["Carter", "Nguyen", "Smith", "Brown", "Garcia", "Miller", "Lee", "Wilson", "Taylor",
           "Martin", "Chen", "Kim", "Patel", "Rossi", "Dubois"]  # fmt: skip
BIOS_EN = [
    "Living in Osaka, learning to cook Japanese home food.", "Vegetable gardener from Oregon.",
    "Smoothie every morning. Exchange student in Kyoto.", "Home cook, two kids, zero free time.",
    "I love konbini food and farmers' markets.", "Chef in training. Tomatoes are life.",
]  # fmt: skip
PLACES_EN = ["Osaka", "Tokyo", "Seattle", "Melbourne", "Vancouver", "London", "Singapore"]

# Population-weighted prefectures: the big cities first, then the rest.
BUSY_REGIONS = ["13"] * 8 + ["14"] * 5 + ["27"] * 5 + ["23"] * 4 + ["11"] * 4 + ["12"] * 3 + \
    ["28"] * 3 + ["01"] * 3 + ["40"] * 3  # fmt: skip
REGION_NAMES_JA = {"13": "東京", "14": "神奈川", "27": "大阪", "23": "愛知", "11": "埼玉",
                   "12": "千葉", "28": "兵庫", "01": "北海道", "40": "福岡"}  # fmt: skip


def pick_region(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return ""
    if roll < 0.7:
        return rng.choice(BUSY_REGIONS)
    return rng.choice([code for code in Region.values if code != Region.OVERSEAS])


def fill(template: str, rng: random.Random, **known) -> str:
    dish, veg, _tags = rng.choice(DISHES)
    values = {
        "veg": veg,
        "veg2": rng.choice(VEGETABLES),
        "dish": dish,
        "product": rng.choice(PRODUCTS),
        "product_en": rng.choice(PRODUCTS_EN),
        "region": REGION_NAMES_JA.get(rng.choice(BUSY_REGIONS), "東京"),
        "name": "",
        "bio": "",
    } | known
    return template.format(**values)


def recipe_post(rng: random.Random) -> tuple[str, str]:
    """A Japanese recipe post: title and Markdown body with hashtags."""
    dish, veg, tags = rng.choice(DISHES)
    known = {"dish": dish, "veg": veg}
    parts = [fill(rng.choice(JP_INTROS), rng, **known), fill(rng.choice(JP_STEPS), rng, **known),
             fill(rng.choice(JP_OUTROS), rng, **known), tags]  # fmt: skip
    title = dish if rng.random() < 0.7 else ""
    return title, "\n\n".join(part for part in parts if part)


def english_recipe_post(rng: random.Random) -> tuple[str, str]:
    dish, tags = rng.choice(DISHES_EN)
    return dish, f"{fill(rng.choice(EN_BODIES), rng)}\n\n{tags}"


def review_post(rng: random.Random) -> tuple[str, str]:
    body = fill(rng.choice(REVIEWS), rng)
    return "", f"{body}\n\n{' '.join(rng.sample(REVIEW_TAGS, 2))}"


def welcome_post(
    rng: random.Random, *, name: str, bio: str, region: str, english: bool = False
) -> tuple[str, str]:
    if english:
        hello = rng.choice(WELCOMES_EN).format(name=name.split()[0], place=rng.choice(PLACES_EN))
        return "", f"{hello} {bio}\n\n#自己紹介 #hello"
    if rng.random() < 0.2:
        return "質問です", rng.choice(QUESTIONS)
    where = REGION_NAMES_JA.get(region, "")
    text = fill(rng.choice(WELCOMES), rng, name=name, bio=bio, region=where or "東京")
    if not where:
        text = text.replace("に住んでいる", "の")
    return "", f"{text}\n\n#自己紹介"


def lounge_post(rng: random.Random) -> tuple[str, str]:
    return "", fill(rng.choice(LOUNGE), rng)


def ambassador_post(rng: random.Random) -> tuple[str, str]:
    return "", fill(rng.choice(AMBASSADOR_POSTS), rng)


def english_post(rng: random.Random, *, name: str) -> tuple[str, str]:
    if rng.random() < 0.45:
        return english_recipe_post(rng)
    return "", fill(rng.choice(ENGLISH), rng, name=name)


def comment_text(rng: random.Random, *, english: bool, reply: bool = False) -> str:
    if english:
        return rng.choice(REPLIES_EN if reply else COMMENTS_EN)
    return fill(rng.choice(REPLIES_JA if reply else COMMENTS_JA), rng)
